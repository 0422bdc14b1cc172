using System;
using Uring;
using Uring.PackageSmoke;

// The package smoke test: real io_uring work through an op this program declares itself.
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
    if (!ring.PrepareEcho(SqeContext.FromValue(7), result: 4321))
    {
        return Fail("PrepareEcho found the submission queue full");
    }

    Span<CqeView> done = stackalloc CqeView[1];
    int reaped = ring.WaitFor(done, minComplete: 1, TimeSpan.FromSeconds(5));
    if (reaped != 1 || done[0].Context.Value != 7 || done[0].Result != 4321)
    {
        return Fail($"echo: expected context 7 with result 4321, got {reaped} completion(s), context {done[0].Context.Value}, result {done[0].Result}");
    }

    Console.WriteLine($"echo: context {done[0].Context.Value}, result {done[0].Result}");

    // 2. A [UringContext] typed context goes here once typed contexts (issue 5) are in the package.
}

Console.WriteLine("package smoke: ok");
return 0;

static int Fail(string message)
{
    Console.WriteLine($"package smoke FAILED: {message}");
    return 1;
}
