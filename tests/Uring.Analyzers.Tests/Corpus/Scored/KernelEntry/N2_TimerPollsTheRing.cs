using System;
using System.Threading;
using Uring;

public sealed class Poll : IDisposable
{
    private readonly Ring _ring = new();
    private readonly CqeView[] _cqes = new CqeView[64];
    private readonly Timer _timer;

    public Poll()
    {
        _ring.Start();
        _timer = new Timer(_ => Console.WriteLine(_ring.Wait(_cqes, 0, TimeSpan.Zero)), null, 0, 10); // expect URING0009
    }

    public void Dispose()
    {
        _timer.Dispose();
        _ring.Dispose();
    }
}
