using System;
using System.Threading.Tasks;
using Uring;

public sealed class TickerService : IMultishotHandler
{
    private readonly Ring _ring = new(new RingOptions { Entries = 64 });
    private MultishotSubscription? _ticks;

    public bool Start()
    {
        _ring.Start();
        return MultishotSubscription.TryStartTimer(_ring, TimeSpan.FromMilliseconds(100), 0, this, out _ticks);
    }

    public void StopAfter(TimeSpan delay)
    {
        Task.Run(async () =>
        {
            await Task.Delay(delay);
            _ticks?.Cancel(); // expect URING0009
        });
    }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion) => MultishotAction.Continue;

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled) => Console.WriteLine("ticker stopped");
}
