using System;
using System.Threading;
using Uring;

public sealed class Nudge
{
    private readonly Ring _ring;

    public Nudge()
    {
        _ring = new Ring(new RingOptions { Entries = 8 });
        _ring.Start();
    }

    public void Later() => ThreadPool.QueueUserWorkItem(_ => _ring.Submit()); // expect URING0009
}
