using System;
using System.Threading;
using Uring;

public sealed class Setup
{
    public void Run()
    {
        var ring = new Ring();
        ring.Start();
        var setup = new Thread(() => ring.RegisterBuffers(2, 4096)); // expect URING0009
        setup.Start();
        setup.Join();
    }
}
