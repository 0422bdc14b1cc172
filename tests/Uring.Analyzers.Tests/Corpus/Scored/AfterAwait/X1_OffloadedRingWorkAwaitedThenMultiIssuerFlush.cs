using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Checkpointer
{
    private readonly Ring _shared;
    private readonly byte[] _header = GC.AllocateArray<byte>(512, pinned: true);
    private readonly CqeView[] _done = new CqeView[1];

    public Checkpointer()
    {
        _shared = new Ring(new RingOptions { MultiIssuers = true, NotifySucceed = true });
        _shared.Start();
    }

    public async Task<int> CheckpointAsync(int dataFd, int journalFd, CancellationToken cancellationToken)
    {
        int copied = await Task.Run(() => CopyWithOwnRing(dataFd, journalFd), cancellationToken);
        await Task.Delay(10, cancellationToken);

        BitConverter.TryWriteBytes(_header, copied);
        _shared.TryPrepareWrite(SqeContext.FromValue(1), journalFd, _header.AsSpan(0, sizeof(int)), 0);
        _shared.Wait(_done, 1, Timeout.InfiniteTimeSpan);
        return _done[0].Result;
    }

    private static int CopyWithOwnRing(int from, int to)
    {
        using Ring ring = new();
        ring.Start();
        byte[] chunk = GC.AllocateArray<byte>(4096, pinned: true);
        Span<CqeView> done = stackalloc CqeView[1];
        ring.TryPrepareRead(SqeContext.FromValue(1), from, chunk.AsSpan(), 0);
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result;
    }
}
