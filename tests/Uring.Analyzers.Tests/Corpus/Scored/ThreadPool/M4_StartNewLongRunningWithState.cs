using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Reaper : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });

    public Reaper() => _ring.Start();

    public Task StartReaping(CancellationToken token)
        => Task.Factory.StartNew(state =>
        {
            var r = (Ring)state!;
            var cqes = new CqeView[64];
            while (!token.IsCancellationRequested)
            {
                r.Wait(cqes, 1, TimeSpan.FromMilliseconds(100)); // expect URING0009
            }
        }, _ring, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose() => _ring.Dispose();
}
