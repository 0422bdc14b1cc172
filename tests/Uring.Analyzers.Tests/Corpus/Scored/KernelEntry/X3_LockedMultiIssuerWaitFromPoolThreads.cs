using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class SyncService : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { MultiIssuers = true, Entries = 64 });
    private readonly object _gate = new();

    public SyncService() => _ring.Start();

    public Task<int> SyncAsync(int fd) => Task.Run(() =>
    {
        CqeView[] done = new CqeView[1];
        lock (_gate)
        {
            _ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
            _ring.Wait(done, 1, TimeSpan.FromSeconds(5));
        }

        return done[0].Result;
    });

    public void Dispose() => _ring.Dispose();
}
