using System;
using System.Threading;
using Uring;

public sealed class Dispatcher
{
    private readonly Ring _ring = new();

    public Dispatcher() => _ring.Start();

    private static void Drain(Ring ring) => ring.Submit();

    public void Kick()
    {
        _ring.TryPrepareNop(SqeContext.FromValue(1));
        ThreadPool.QueueUserWorkItem(Drain, _ring, preferLocal: false); // expect URING0009
    }
}
