using System;
using System.Threading;
using Uring;

public static class Service
{
    public static void Main()
    {
        using var ring = new Ring(new RingOptions { MultiIssuers = true });
        ring.Start();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            ring.Stop();
        };
        var cqes = new CqeView[8];
        try
        {
            while (!ring.IsStopped)
            {
                ring.Wait(cqes, 1, TimeSpan.FromSeconds(1));
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
