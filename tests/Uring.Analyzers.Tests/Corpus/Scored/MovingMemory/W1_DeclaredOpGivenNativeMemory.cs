using System;
using Uring;

public static partial class GaugeOps
{
    [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
    public static partial bool TryPrepareReadGauge(this Ring ring, SqeContext context, [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] Span<byte> destination,
        [Sqe(SqeField.Off)] long register);
}

public sealed class GaugePoller : IDisposable
{
    private readonly Ring _ring;
    private readonly NativeBuffer _readings = new(4096);
    private readonly byte[] _pinned = GC.AllocateArray<byte>(16, pinned: true);

    public GaugePoller(Ring ring) => _ring = ring;

    public bool TryPoll(int deviceFd, long register)
        => _ring.TryPrepareReadGauge(SqeContext.FromValue(2), deviceFd, _readings.Memory[..16], register)
            && _ring.TryPrepareReadGauge(SqeContext.FromValue(3), deviceFd, _pinned.AsSpan(), register + 16);

    public void Dispose() => _readings.Dispose();
}
