using System;
using System.Threading;
using Uring;

public sealed class Exporter : IDisposable
{
    private readonly Ring _ring;
    private readonly NativeBuffer _buffer = new(8192);

    public Exporter()
    {
        _ring = new Ring(CreateOptions(128));
        _ring.Start();
    }

    private static RingOptions CreateOptions(int entries) => new() { Entries = entries, NotifySucceed = true };

    public int Export(int fd, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(_buffer.Span);
        if (!_ring.TryPrepareWrite(SqeContext.FromValue(2), fd, _buffer.Memory[..payload.Length], -1))
        {
            return -1;
        }

        Span<CqeView> done = stackalloc CqeView[1];
        _ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result;
    }

    public void Dispose()
    {
        _ring.Dispose();
        _buffer.Dispose();
    }
}
