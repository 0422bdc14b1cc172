using System;
using System.Threading;
using Uring;

public sealed class IdleReaper : IDisposable
{
    private readonly EventLoop _loop;
    private readonly Timer _timer;
    private int _idleChecks;

    public IdleReaper(EventLoop loop)
    {
        _loop = loop;
        _timer = new Timer(_ => _loop.Post(CheckIdle), null, 5000, 5000);
    }

    private void CheckIdle()
    {
        _idleChecks++;
        Console.WriteLine($"idle check {_idleChecks} on the loop");
    }

    public void Dispose() => _timer.Dispose();
}
