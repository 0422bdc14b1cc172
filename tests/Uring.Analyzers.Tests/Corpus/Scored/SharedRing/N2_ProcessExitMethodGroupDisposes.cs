using System;
using System.Threading;
using Uring;

public sealed class Daemon
{
    private readonly Ring _ring = new();
    private readonly CqeView[] _cqes = new CqeView[32];

    public void Run()
    {
        _ring.Start();
        AppDomain.CurrentDomain.ProcessExit += OnExit; // expect URING0009
        while (true)
        {
            _ring.TryPrepareNop(SqeContext.FromValue(0));
            _ring.Wait(_cqes, 1, TimeSpan.FromSeconds(5));
        }
    }

    private void OnExit(object? sender, EventArgs e) => _ring.Dispose(); // expect URING0009
}
