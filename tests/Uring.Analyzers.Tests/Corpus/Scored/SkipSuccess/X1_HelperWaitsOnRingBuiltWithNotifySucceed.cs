using System;
using System.Threading;
using Uring;

public sealed class Journal : IDisposable
{
    private static readonly RingOptions s_options = new() { NotifySucceed = true, Entries = 64 };

    private readonly Ring _ring = new(s_options);
    private readonly byte[] _record = GC.AllocateArray<byte>(128, pinned: true);
    private long _position;

    public Journal() => _ring.Start();

    public int Append(int fd, ReadOnlySpan<byte> record)
    {
        record.CopyTo(_record);
        return WriteAndWait(_ring, fd, _record.AsSpan(0, record.Length), ref _position);
    }

    private static int WriteAndWait(Ring ring, int fd, ReadOnlySpan<byte> data, ref long position)
    {
        if (!ring.TryPrepareWrite(SqeContext.FromValue(1), fd, data, position))
        {
            return -1;
        }

        Span<CqeView> done = stackalloc CqeView[1];
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        if (done[0].Result > 0)
        {
            position += done[0].Result;
        }

        return done[0].Result;
    }

    public void Dispose() => _ring.Dispose();
}
