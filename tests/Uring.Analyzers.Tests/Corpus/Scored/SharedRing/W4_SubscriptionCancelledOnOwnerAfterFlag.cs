using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class PollerService : IMultishotHandler
{
    private readonly Ring _ring = new(new RingOptions { Entries = 64 });
    private readonly CqeView[] _batch = new CqeView[16];
    private MultishotSubscription? _ticks;
    private int _stopRequested;

    public void Run(CancellationToken token)
    {
        _ring.Start();
        if (!MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(100), 0, this, out _ticks))
        {
            return;
        }

        Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), token).ConfigureAwait(false);
            Interlocked.Exchange(ref _stopRequested, 1);
        });
        while (_ticks is not null)
        {
            if (Interlocked.Exchange(ref _stopRequested, 0) == 1)
            {
                _ticks.Cancel();
            }

            int n = _ring.Wait(_batch, 1, TimeSpan.FromMilliseconds(500));
            for (int i = 0; i < n; i++)
            {
                MultishotSubscription.TryHandle(_ring, in _batch[i]);
            }
        }
    }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion) => MultishotAction.Continue;

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled) => _ticks = null;
}
