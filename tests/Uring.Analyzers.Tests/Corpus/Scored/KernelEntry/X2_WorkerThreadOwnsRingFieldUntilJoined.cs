using System;
using System.Threading;
using Uring;

public sealed class TimerThread : IDisposable
{
    private readonly Thread _thread;
    private Ring? _ring;
    private volatile bool _stop;
    public int Ticks;

    public TimerThread()
    {
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    private void Run()
    {
        _ring = new Ring(new RingOptions { Entries = 8 });
        _ring.Start();
        Span<CqeView> done = stackalloc CqeView[1];
        while (!_stop)
        {
            _ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromMilliseconds(50));
            _ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
            Ticks++;
        }

        _ring.Stop();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _ring?.Dispose();
    }
}
