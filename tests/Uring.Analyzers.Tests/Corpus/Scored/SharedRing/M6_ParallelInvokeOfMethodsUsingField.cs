using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Replicator
{
    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[8];

    public Replicator()
    {
        _ring = new Ring();
        _ring.Start();
    }

    public void ReplicateBoth(int primary, int secondary)
    {
        Parallel.Invoke(() => SyncTo(primary), () => SyncTo(secondary)); // expect URING0009
    }

    private void SyncTo(int fd)
    {
        _ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
