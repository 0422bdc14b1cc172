using System;
using System.Threading;
using Uring;

public sealed class Persist
{
    private readonly Ring _ring = new(new RingOptions { Entries = 16 });
    private readonly CqeView[] _cqes = new CqeView[1];

    public Persist()
    {
        _ring.Start();
        _ring.RegisterBuffers(1, 4096);
    }

    public bool Save(int fd, ReadOnlySpan<byte> page)
    {
        page.CopyTo(_ring.RegisteredBuffer(0));
        _ring.TryPrepareWriteFixed(SqeContext.FromValue(3), fd, 0, 0, page.Length, 0);
        try
        {
            return _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan) == 1; // expect URING0008
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
