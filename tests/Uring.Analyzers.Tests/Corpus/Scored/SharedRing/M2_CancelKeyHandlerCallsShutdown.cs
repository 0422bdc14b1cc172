using System;
using System.Threading;
using Uring;

public sealed class Server
{
    private readonly Ring _ring = new(new RingOptions { Entries = 256 });
    private readonly CqeView[] _cqes = new CqeView[64];

    public void Run()
    {
        _ring.Start();
        Console.CancelKeyPress += OnCancel; // expect URING0009
        while (!_ring.IsStopped)
        {
            int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
            Console.WriteLine(n);
        }
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Shutdown();
    }

    private void Shutdown() => _ring.Dispose(); // expect URING0009
}
