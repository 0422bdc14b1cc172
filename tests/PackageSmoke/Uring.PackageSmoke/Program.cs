using System;
using Uring;
using Uring.PackageSmoke;

// The package smoke test: real io_uring work through an op this program declares itself ([UringOp]), once with a
// plain value context and once with a typed [UringContext] (rented by hand, then through the op's generated
// [UringContext] overload), and a raw SQE through Ring.TryPrepare; the generator in the package writes the op
// bodies. Steps 1 and 2 mirror the quick start of src/Uring.Runtime/PACKAGE.md; step 4 runs a catalogue op that
// creates a file in a registered slot.
// Exit codes: 0 = every check passed, 1 = a check failed, 3 = io_uring is unavailable here (the caller decides
// whether that is a skip or a failure; see tests/Uring.Package.Tests).
const int Unavailable = 3;

Ring ring;
try
{
    ring = new Ring(new RingOptions { Entries = 8 });
}
catch (UringException exception)
{
    Console.WriteLine($"io_uring unavailable: {exception.Message}");
    return Unavailable;
}

using (ring)
{
    ring.Start();   // this thread now owns the ring

    // 1. A user-declared [UringOp]: a NOP whose completion carries the result we inject.
    if (!ring.TryPrepareEcho(SqeContext.FromValue(7), result: 4321))
    {
        return Fail("TryPrepareEcho found the submission queue full");
    }

    Span<CqeView> done = stackalloc CqeView[1];
    int reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    if (reaped != 1 || done[0].Context.Value != 7 || done[0].Result != 4321)
    {
        return Fail($"echo: expected context 7 with result 4321, got {reaped} completion(s), context {done[0].Context.Value}, result {done[0].Result}");
    }

    Console.WriteLine($"echo: context {done[0].Context.Value}, result {done[0].Result}");

    // 2. A [UringContext] typed context travels with the request and comes back with its completion.
    if (!EchoRequest.TryRent(ring, new EchoRequest { Sequence = 42, Label = "typed" }, out ExtendedSqe request))
    {
        return Fail("no pooled extended context was free");
    }

    if (!ring.TryPrepareEcho(request.Context, result: 99))
    {
        EchoRequest.Release(ring, request);
        return Fail("TryPrepareEcho found the submission queue full");
    }

    reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    if (reaped != 1)
    {
        return Fail($"typed context: expected 1 completion, got {reaped}");
    }

    EchoRequest.Ref back = EchoRequest.From(in done[0]);
    (long sequence, string? label, int result) = (back.Sequence, back.Label, done[0].Result);
    EchoRequest.Release(ring, done[0].ExtendedSqe);
    if (sequence != 42 || label != "typed" || result != 99)
    {
        return Fail($"typed context: expected sequence 42, label typed, result 99, got {sequence}, {label}, {result}");
    }

    Console.WriteLine($"typed context: sequence {sequence}, label {label}, result {result}");

    // 3. The same in one call: the op's generated overload takes the [UringContext] value, rents a pooled context,
    //    stores the value and prepares the op (when it cannot prepare it, the context goes straight back).
    if (!ring.TryPrepareEcho(new EchoRequest { Sequence = 43, Label = "combined" }, result: 98))
    {
        return Fail("TryPrepareEcho<EchoRequest> found no free context or a full submission queue");
    }

    reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    if (reaped != 1)
    {
        return Fail($"combined: expected 1 completion, got {reaped}");
    }

    back = EchoRequest.From(in done[0]);
    (sequence, label, result) = (back.Sequence, back.Label, done[0].Result);
    EchoRequest.Release(ring, done[0].ExtendedSqe);
    if (sequence != 43 || label != "combined" || result != 98 || ring.Pools.ExtendedAvailable != ring.Pools.Capacity)
    {
        return Fail($"combined: expected sequence 43, label combined, result 98 and every context free, got {sequence}, {label}, {result}, {ring.Pools.ExtendedAvailable}/{ring.Pools.Capacity} free");
    }

    Console.WriteLine($"combined: sequence {sequence}, label {label}, result {result}");

    // 4. A catalogue op that creates a file: a UDP socket (a SocketSpec preset) into a registered-file slot the
    //    kernel picks (FileTarget.AnySlot); the completion's result is that slot, which TryPrepareCloseDirect empties.
    ring.RegisterFilesSparse(2);
    if (!ring.TryPrepareSocket(SqeContext.FromValue(8), SocketSpec.Udp4, FileTarget.AnySlot))
    {
        return Fail("TryPrepareSocket found the submission queue full");
    }

    reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    int slot = done[0].Result;
    if (reaped != 1 || slot is < 0 or > 1)
    {
        return Fail($"socket: expected a slot of the 2-slot table, got {reaped} completion(s), result {slot}");
    }

    if (!ring.TryPrepareCloseDirect(SqeContext.FromValue(9), (uint)slot)
        || ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5)) != 1
        || done[0].Result != 0)
    {
        return Fail($"close slot {slot}: expected result 0, got {done[0].Result}");
    }

    Console.WriteLine($"socket: slot {slot}, closed");

    // 5. A raw SQE, without a declaration: one scoped TryPrepare call reserves the SQE, runs the static filler on it
    //    (the state is passed by reference) and publishes it with the context.
    if (!ring.TryPrepare(SqeContext.FromValue(8), UringOpKind.Other, 777, static (ref SubmissionSlot slot, scoped in int value) =>
    {
        slot.Sqe.Opcode = (byte)IoUringOp.Nop;
        slot.Sqe.Fd = -1;
        slot.Sqe.OpFlags = (uint)NopFlags.InjectResult;
        slot.Sqe.Len = (uint)value;
    }))
    {
        return Fail("TryPrepare found the submission queue full");
    }

    reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    if (reaped != 1 || done[0].Context.Value != 8 || done[0].Result != 777)
    {
        return Fail($"raw: expected context 8 with result 777, got {reaped} completion(s), context {done[0].Context.Value}, result {done[0].Result}");
    }

    Console.WriteLine($"raw: context {done[0].Context.Value}, result {done[0].Result}");

    // 6. Memory the kernel holds: NativeBuffers and arrays given as Memory<T>, to the runtime's ops and to the op this
    //    program declares (its Memory overload is generated too); the ring pins each until its completion.
    PipeDescriptors[] pipe = new PipeDescriptors[1];
    if (!ring.TryPreparePipe(SqeContext.FromValue(10), pipe.AsMemory()) || ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5)) != 1 || done[0].Result != 0)
    {
        return Fail($"pipe: expected result 0, got {done[0].Result}");
    }

    using NativeBuffer outgoing = new(16);
    using NativeBuffer incoming = new(16);
    "memory the ring"u8.CopyTo(outgoing.Span);
    outgoing.Span[15] = (byte)'!';

    // The write's success is not shown (NotifySucceed is off), so only the read's completion arrives.
    if (!ring.TryPrepareWrite(SqeContext.FromValue(11), pipe[0].Write, outgoing.Memory) || !ring.TryPrepareReadInto(SqeContext.FromValue(12), pipe[0].Read, incoming.Memory))
    {
        return Fail("memory: the submission queue was full");
    }

    reaped = ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    string text = System.Text.Encoding.ASCII.GetString(incoming.Span);
    if (reaped != 1 || done[0].Context.Value != 12 || done[0].Result != 16 || text != "memory the ring!" || incoming.PinCount != 0)
    {
        return Fail($"memory: expected context 12 reading 16 bytes 'memory the ring!', got {reaped} completion(s), context {done[0].Context.Value}, result {done[0].Result}, '{text}'");
    }

    Console.WriteLine($"memory: read '{text}' through pinned memory");
    ring.TryPrepareClose(SqeContext.FromValue(13), pipe[0].Read);
    ring.TryPrepareClose(SqeContext.FromValue(14), pipe[0].Write);
    ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
    ring.Wait(done, minComplete: 1, TimeSpan.FromSeconds(5));
}

Console.WriteLine("package smoke: ok");
return 0;

static int Fail(string message)
{
    Console.WriteLine($"package smoke FAILED: {message}");
    return 1;
}
