using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Sizes, counts, offsets and durations: the runtime refuses the ones it can judge (naming the parameter,
/// before allocating or queueing anything), and the kernel answers the rest with a specific errno.
/// </summary>
internal static unsafe class SizeCases
{
    public static IEnumerable<BadInputCase> All()
    {
        foreach (BadInputCase c in Registration())
        {
            yield return c;
        }

        foreach (BadInputCase c in FixedBufferRanges())
        {
            yield return c;
        }

        foreach (BadInputCase c in Durations())
        {
            yield return c;
        }

        foreach (BadInputCase c in Offsets())
        {
            yield return c;
        }

        foreach (BadInputCase c in ValuesAndContexts())
        {
            yield return c;
        }
    }

    private static IEnumerable<BadInputCase> Registration()
    {
        // Registered buffers: counts and sizes are checked before any memory is committed.
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: count 0", "count", env => env.Ring.RegisterBuffers(0, 4096));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: count -1", "count", env => env.Ring.RegisterBuffers(-1, 4096));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: count 20000 (kernel maximum 16384)", "count", env => env.Ring.RegisterBuffers(20_000, 4096));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: size 0", "size", env => env.Ring.RegisterBuffers(1, 0));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: size -1", "size", env => env.Ring.RegisterBuffers(1, -1));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: size 1 GiB + 1 (kernel maximum 1 GiB)", "size", env => env.Ring.RegisterBuffers(1, (1 << 30) + 1));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterBuffers: size int.MaxValue", "size", env => env.Ring.RegisterBuffers(1, int.MaxValue));

        // Provided-buffer rings.
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferCount 0", "bufferCount", env => env.Ring.RegisterProvidedBufferRing(1, 0, 64) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferCount 32769", "bufferCount", env => env.Ring.RegisterProvidedBufferRing(1, 32769, 64) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferCount -1", "bufferCount", env => env.Ring.RegisterProvidedBufferRing(1, -1, 64) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferSize 0", "bufferSize", env => env.Ring.RegisterProvidedBufferRing(1, 4, 0) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferSize -1", "bufferSize", env => env.Ring.RegisterProvidedBufferRing(1, 4, -1) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: bufferSize int.MaxValue", "bufferSize", env => env.Ring.RegisterProvidedBufferRing(1, 1, int.MaxValue) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: 32768 buffers of 1 MiB", "bufferSize", env => env.Ring.RegisterProvidedBufferRing(1, 32768, 1 << 20) is null);
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterProvidedBufferRing: minimumLeft -1", "minimumLeft", env => env.Ring.RegisterProvidedBufferRing(1, 4, 64, ProvidedBufferRingFlags.Incremental, -1) is null);
        yield return Case.Throws<ArgumentException>("RegisterProvidedBufferRing: minimumLeft without Incremental", "minimumLeft", env => env.Ring.RegisterProvidedBufferRing(1, 4, 64, ProvidedBufferRingFlags.None, 8) is null);
        yield return Case.Throws<ArgumentException>("RegisterProvidedBufferRing: unknown flags", "flags", env => env.Ring.RegisterProvidedBufferRing(1, 4, 64, (ProvidedBufferRingFlags)0x80) is null);

        // Registered files.
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterFilesSparse: count 0", "count", env => env.Ring.RegisterFilesSparse(0));
        yield return Case.Throws<ArgumentOutOfRangeException>("RegisterFilesSparse: count -1", "count", env => env.Ring.RegisterFilesSparse(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("UpdateRegisteredFiles: offset -1", "offset", env => env.Ring.UpdateRegisteredFiles(-1, [env.PipeRead]) >= 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SetFileAllocRange: offset -1", "offset", env => env.Ring.SetFileAllocRange(-1, 1));
        yield return Case.Throws<ArgumentOutOfRangeException>("SetFileAllocRange: length -1", "length", env => env.Ring.SetFileAllocRange(0, -1));

        // Legacy provided buffers (PROVIDE_BUFFERS): the memory must hold count buffers, ids are 16 bits.
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: bufferLength 0", "bufferLength", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, env.Buffer, 0, 4));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: bufferLength -1", "bufferLength", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, env.Buffer, -1, 4));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: count 0", "count", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, env.Buffer, 64, 0));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: count that overruns the memory", "count", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, env.Buffer, 64, 65));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: ids past 65535", "count", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, env.Buffer, 1, 2, startId: 65535));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareProvideBuffers: empty memory", "count", env => env.Ring.TryPrepareProvideBuffers(env.Tag, 1, Span<byte>.Empty, 64, 1));
        yield return Case.Completes("TryPrepareRemoveBuffers: a group that has none", Errno.ENOENT, env => env.Ring.TryPrepareRemoveBuffers(env.Tag, 99, 1));
    }

    private static IEnumerable<BadInputCase> FixedBufferRanges()
    {
        static void OneBuffer(CaseEnv env) => env.Ring.RegisterBuffers(1, 4096);
        static BadInputCase Fixed(string name, string parameter, Func<CaseEnv, bool> act)
            => new(name, new Expectation.Throws(typeof(ArgumentOutOfRangeException), parameter), act) { Arrange = OneBuffer };
        static BadInputCase FixedVectors(string name, Func<CaseEnv, bool> act)
            => new(name, new Expectation.Throws(typeof(ArgumentException), "vectors"), act) { Arrange = OneBuffer };

        yield return Fixed("TryPrepareReadFixed: bufferOffset past the buffer", "bufferOffset", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, 4097, 0));
        yield return Fixed("TryPrepareReadFixed: bufferOffset -1", "bufferOffset", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, -1, 16));
        yield return Fixed("TryPrepareReadFixed: length past the buffer", "length", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, 0, 4097));
        yield return Fixed("TryPrepareReadFixed: length -1", "length", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, 0, -1));
        yield return Fixed("TryPrepareReadFixed: offset + length past the buffer", "length", env => env.Ring.TryPrepareReadFixed(env.Tag, env.PipeRead, 0, 4000, 200));
        yield return Fixed("TryPrepareWriteFixed: length past the buffer", "length", env => env.Ring.TryPrepareWriteFixed(env.Tag, env.PipeWrite, 0, 0, 4097));
        yield return Fixed("TryPrepareWriteFixed: bufferOffset past the buffer", "bufferOffset", env => env.Ring.TryPrepareWriteFixed(env.Tag, env.PipeWrite, 0, int.MaxValue, 1));
        yield return Fixed("Multicast.Prepare: offset past the registered buffer", "offset", env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 0, 5000, 1) > 0);
        yield return Fixed("Multicast.Prepare: length past the registered buffer", "length", env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 0, 0, 5000) > 0);
        yield return Fixed("Multicast.Prepare: undefined thresholds", "thresholds", env => Multicast.Prepare(env.Ring, env.Tag, [env.SocketA], 0, 0, 16, thresholds: (MulticastThresholds)2) > 0);
        yield return FixedVectors("TryPrepareReadvFixed: no vectors", env => env.Ring.TryPrepareReadvFixed(env.Tag, env.PipeRead, 0, ReadOnlySpan<IoVector>.Empty));
        yield return FixedVectors("TryPrepareReadvFixed: a vector outside the registered buffer", env => env.Ring.TryPrepareReadvFixed(env.Tag, env.PipeRead, 0, env.Vectors));
        yield return FixedVectors("TryPrepareWritevFixed: a vector running past the registered buffer", env => env.Ring.TryPrepareWritevFixed(env.Tag, env.PipeWrite, 0, [Inside(env.Ring.RegisteredBuffer(0), 4000, 200)]));
    }

    private static IEnumerable<BadInputCase> Durations()
    {
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareTimeout: duration -1 tick", "duration", env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromTicks(-1)));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareTimeout: duration TimeSpan.MinValue", "duration", env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.MinValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareLinkTimeout: duration -1 s", "duration", env => env.Ring.TryPrepareLinkTimeout(env.Tag, TimeSpan.FromSeconds(-1)));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareTimeoutUpdate: duration -1 s", "duration", env => env.Ring.TryPrepareTimeoutUpdate(env.Tag, 1, TimeSpan.FromSeconds(-1)));
        yield return Case.Throws<ArgumentOutOfRangeException>("TryPrepareLinkTimeoutUpdate: duration -1 s", "duration", env => env.Ring.TryPrepareLinkTimeoutUpdate(env.Tag, 1, TimeSpan.FromSeconds(-1)));
        yield return Case.Throws<ArgumentOutOfRangeException>("Wait: minComplete -1", "minComplete", env => env.Ring.Wait(new CqeView[1], -1, TimeSpan.Zero) >= 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("Wait: timeout -2 ms", "timeout", env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.FromMilliseconds(-2)) >= 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("Wait: timeout TimeSpan.MinValue", "timeout", env => env.Ring.Wait(new CqeView[1], 1, TimeSpan.MinValue) >= 0);
        yield return Case.Completes("TryPrepareTimeout: zero duration fires at once", Errno.ETIME, env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.Zero));
    }

    private static IEnumerable<BadInputCase> Offsets()
    {
        static void DataInPipe(CaseEnv env) => CaseFds.Write(env.PipeWrite, "0123456789abcdef"u8);

        yield return Case.Completes("TryPrepareRead: file offset -2", Errno.EINVAL, env => env.Ring.TryPrepareRead(env.Tag, env.File, env.Buffer, -2));
        yield return Case.Completes("TryPrepareWrite: file offset -2", Errno.EINVAL, env => env.Ring.TryPrepareWrite(env.Tag, env.File, env.Buffer[..16], -2));
        yield return Case.Completes("TryPrepareReadv: file offset -2", Errno.EINVAL, env => env.Ring.TryPrepareReadv(env.Tag, env.File, env.Vectors, -2));
        yield return Case.Completes("TryPrepareRead: file offset long.MaxValue (offset + length overflows)", Errno.EINVAL, env => env.Ring.TryPrepareRead(env.Tag, env.File, env.Buffer, long.MaxValue));
        yield return Case.Completes("TryPrepareWrite: file offset long.MaxValue (offset + length overflows)", Errno.EINVAL, env => env.Ring.TryPrepareWrite(env.Tag, env.File, env.Buffer[..16], long.MaxValue));
        yield return Case.Completes("TryPrepareFallocate: offset -1", Errno.EINVAL, env => env.Ring.TryPrepareFallocate(env.Tag, env.File, -1, 4096));
        yield return Case.Completes("TryPrepareFallocate: length 0", Errno.EINVAL, env => env.Ring.TryPrepareFallocate(env.Tag, env.File, 0, 0));
        yield return Case.Completes("TryPrepareFtruncate: length -1", Errno.EINVAL, env => env.Ring.TryPrepareFtruncate(env.Tag, env.File, -1));
        yield return Case.Completes("TryPrepareFadvise: length -1", Errno.EINVAL, env => env.Ring.TryPrepareFadvise(env.Tag, env.File, 0, -1, FileAdvice.Normal));
        yield return Case.Completes("TryPrepareSyncFileRange: offset -1", Errno.EINVAL, env => env.Ring.TryPrepareSyncFileRange(env.Tag, env.File, -1, 16, SyncFileRangeFlags.WaitAfter));
        yield return new BadInputCase("TryPrepareSplice: inputOffset on a pipe", new Expectation.Completes(Errno.ESPIPE), env => env.Ring.TryPrepareSplice(env.Tag, env.PipeRead, env.File, 16, inputOffset: 0, outputOffset: 0)) { Arrange = DataInPipe };
        yield return Case.Completes("TryPrepareMadvise: an unaligned address", Errno.EINVAL, env => env.Ring.TryPrepareMadvise(env.Tag, BufferAddress(env) + 1, 4096, MemoryAdvice.WillNeed));

        // Memory the caller does not own: the kernel refuses to touch it (the runtime cannot know).
        yield return new BadInputCase("TryPrepareRead: a buffer at an unmapped address", new Expectation.Completes(Errno.EFAULT), env => env.Ring.TryPrepareRead(env.Tag, env.PipeRead, Unmapped())) { Arrange = DataInPipe };
        yield return Case.Completes("TryPrepareWrite: a buffer at an unmapped address", Errno.EFAULT, env => env.Ring.TryPrepareWrite(env.Tag, env.PipeWrite, Unmapped()));
        yield return new BadInputCase("TryPrepareReadv: a vector at address 0", new Expectation.Completes(Errno.EFAULT), env => env.Ring.TryPrepareReadv(env.Tag, env.PipeRead, [Inside(Span<byte>.Empty, 0, 16)])) { Arrange = DataInPipe };
        yield return Case.Completes("TryPrepareReadv: 1025 vectors (UIO_MAXIOV is 1024)", Errno.EINVAL, env => env.Ring.TryPrepareReadv(env.Tag, env.PipeRead, Repeat(env.Vectors[0], 1025)));
        yield return Case.Completes("TryPrepareWritev: 1025 vectors", Errno.EINVAL, env => env.Ring.TryPrepareWritev(env.Tag, env.PipeWrite, Repeat(env.Vectors[0], 1025)));
        yield return Case.Completes("TryPrepareReadv: a vector of 2^63 bytes", Errno.EINVAL, env => env.Ring.TryPrepareReadv(env.Tag, env.PipeRead, [Inside(env.Buffer, 0, long.MinValue)]));
        yield return Case.Completes("TryPrepareFutexWait: a misaligned futex word", Errno.EINVAL, env => env.Ring.TryPrepareFutexWait(env.Tag, MemoryMarshal.Cast<byte, uint>(env.Buffer[1..9]), 0));

        // Empty data spans are legitimate: zero bytes move.
        yield return Case.Completes("TryPrepareRead: an empty buffer reads 0", Errno.None, env => env.Ring.TryPrepareRead(env.Tag, env.File, Span<byte>.Empty));
        yield return Case.Completes("TryPrepareWrite: an empty buffer writes 0", Errno.None, env => env.Ring.TryPrepareWrite(env.Tag, env.PipeWrite, ReadOnlySpan<byte>.Empty));
        yield return Case.Completes("TryPrepareSend: an empty buffer sends 0", Errno.None, env => env.Ring.TryPrepareSend(env.Tag, env.SocketA, ReadOnlySpan<byte>.Empty));
    }

    private static IEnumerable<BadInputCase> ValuesAndContexts()
    {
        // Spans that must not be empty: the kernel would write through a null pointer or read nothing.
        yield return Case.Throws<ArgumentException>("TryPrepareEpollWait: no events", "events", env => env.Ring.TryPrepareEpollWait(env.Tag, env.Epoll, Span<EpollEvent>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareStatx: no result", "result", env => env.Ring.TryPrepareStatx(env.Tag, -100, "/", Span<Statx>.Empty));
        yield return Case.Throws<ArgumentException>("TryPreparePipe: no result", "result", env => env.Ring.TryPreparePipe(env.Tag, Span<PipeDescriptors>.Empty));
        yield return Case.Throws<ArgumentException>("TryPreparePipe(Slot): no result", "result", env => env.Ring.TryPreparePipe(env.Tag, Span<PipeDescriptors>.Empty, target: FileTarget.Slot(0)));
        yield return Case.Throws<ArgumentException>("TryPreparePipe(AnySlot): no result", "result", env => env.Ring.TryPreparePipe(env.Tag, Span<PipeDescriptors>.Empty, target: FileTarget.AnySlot));
        yield return Case.Throws<ArgumentException>("TryPrepareRecvMsg: no message", "message", env => env.Ring.TryPrepareRecvMsg(env.Tag, env.SocketA, Span<MessageHeader>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareWaitId: no info", "info", env => env.Ring.TryPrepareWaitId(env.Tag, IdType.All, 0, Span<SignalInfo>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareFutexWait: no futex word", "futex", env => env.Ring.TryPrepareFutexWait(env.Tag, ReadOnlySpan<uint>.Empty, 0));
        yield return Case.Throws<ArgumentException>("TryPrepareFutexWake: no futex word", "futex", env => env.Ring.TryPrepareFutexWake(env.Tag, ReadOnlySpan<uint>.Empty, 1));
        yield return Case.Throws<ArgumentException>("TryPrepareFutexWaitV: no futexes", "futexes", env => env.Ring.TryPrepareFutexWaitV(env.Tag, ReadOnlySpan<FutexWaitV>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareReadv: no vectors", "vectors", env => env.Ring.TryPrepareReadv(env.Tag, env.PipeRead, ReadOnlySpan<IoVector>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareWritev: no vectors", "vectors", env => env.Ring.TryPrepareWritev(env.Tag, env.PipeWrite, ReadOnlySpan<IoVector>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareFilesUpdate: no fds", "fds", env => env.Ring.TryPrepareFilesUpdate(env.Tag, ReadOnlySpan<int>.Empty, 0));
        yield return Case.Throws<ArgumentException>("TryPrepareFilesUpdateAlloc: no fds", "fds", env => env.Ring.TryPrepareFilesUpdateAlloc(env.Tag, Span<int>.Empty));
        yield return Case.Throws<ArgumentException>("TryPrepareAccept: no peer address", "peer", env => env.Ring.TryPrepareAccept(env.Tag, env.SocketA, Span<SockAddr>.Empty));

        // Inline command bytes: 16 in a 64-byte SQE, 80 in a 128-byte one.
        yield return Case.Throws<ArgumentException>("TryPrepareUringCmd: 17 command bytes in a 64-byte SQE", "command", env => env.Ring.TryPrepareUringCmd(env.Tag, env.SocketA, 0, new byte[17]));
        yield return new BadInputCase("TryPrepareUringCmd: 81 command bytes in a 128-byte SQE", new Expectation.Throws(typeof(ArgumentException), "command"), env => env.Ring.TryPrepareUringCmd(env.Tag, env.SocketA, 0, new byte[81])) { Ring = CaseRing.Sqe128 };
        yield return Case.Throws<NotSupportedException>("TryPrepareUringCmd128: a ring without 128-byte SQEs", null, env => env.Ring.TryPrepareUringCmd128(env.Tag, env.SocketA, 0));
        yield return Case.Throws<NotSupportedException>("TryPrepareNop128: a kernel without NOP128", null, env => env.Ring.TryPrepareNop128(env.Tag));
        yield return Case.Throws<ArgumentException>("SubmissionSlot.WriteCommand: 17 bytes in a 64-byte SQE", "command", env =>
            env.Ring.TryPrepare(env.Tag, UringOpKind.Other, 17, static (ref SubmissionSlot slot, scoped in int length) =>
            {
                slot.Sqe.Opcode = (byte)IoUringOp.UringCmd;
                slot.WriteCommand(new byte[length]);
            }));

        // Context values the SqeContext constructors refuse.
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.Direct: fd above MaxFd", "fd", env => SqeContext.Direct(IoUringOp.Read, SqeFlags.None, 0, SqeContext.MaxFd + 1).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.Direct: fd below MinFd", "fd", env => SqeContext.Direct(IoUringOp.Read, SqeFlags.None, 0, SqeContext.MinFd - 1).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.ForFd: int.MaxValue", "fd", env => SqeContext.ForFd(int.MaxValue).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.WithFd: int.MinValue", "fd", env => SqeContext.ForFd(3).WithFd(int.MinValue).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.FromValue: 2^62", "value", env => SqeContext.FromValue(SqeContext.MaxValue + 1).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("SqeContext.FromValue: ulong.MaxValue", "value", env => SqeContext.FromValue(ulong.MaxValue).Raw > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("ContextPools: capacity 0", "capacity", env => new ContextPools(0).Capacity > 0);
        yield return Case.Throws<ArgumentOutOfRangeException>("ContextPools: capacity 65537", "capacity", env => new ContextPools(65537).Capacity > 0);
    }

    /// <summary>16 bytes at an address nothing maps (page 1): only the kernel ever touches it, and refuses.</summary>
    private static Span<byte> Unmapped() => new((void*)0x1000, 16);

    private static nint BufferAddress(CaseEnv env) => (nint)env.BufferPointer;

    /// <summary>A vector of <paramref name="length"/> bytes from <paramref name="offset"/> into <paramref name="memory"/> (which must not move).</summary>
    private static IoVector Inside(Span<byte> memory, int offset, long length)
    {
        fixed (byte* start = memory)
        {
            return new IoVector(start + offset, unchecked((nuint)length));
        }
    }

    private static IoVector[] Repeat(IoVector vector, int count)
    {
        IoVector[] vectors = new IoVector[count];
        Array.Fill(vectors, vector);
        return vectors;
    }
}
