using System;
using Uring;

public sealed class StatusReader
{
    private readonly Ring _ring;

    public StatusReader(Ring ring) => _ring = ring;

    public bool TryArm(int fd)
    {
        // The Memory<byte> overload pins the buffer until the final completion; Dispose only marks it.
        using NativeBuffer buffer = new(4096);
        return _ring.TryPrepareRead(SqeContext.FromValue(8), fd, buffer.Memory, 0) && _ring.Submit() > 0;
    }
}
