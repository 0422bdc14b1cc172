using System;
using Uring;

public static partial class DeviceOps
{
    [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
    public static partial bool TryPrepareReadRegister(this Ring ring, SqeContext context, [Sqe(SqeField.Fd)] int fd,
        [Sqe(SqeField.Addr, LengthField = SqeField.Len)] [HeldUntilCompletion] Span<byte> destination,
        [Sqe(SqeField.Off)] long register);
}

public sealed class SensorPoller
{
    private readonly Ring _ring;

    public SensorPoller(Ring ring) => _ring = ring;

    public bool TryPoll(int deviceFd, long register)
    {
        byte[] reading = new byte[16];
        return _ring.TryPrepareReadRegister(SqeContext.FromValue(2), deviceFd, reading.AsSpan(), register); // expect URING0001
    }
}
