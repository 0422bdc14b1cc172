using System;
using System.Threading;
using Uring;

public static class Program
{
    public static void Main()
    {
        using var ring = new Ring();
        ring.Start();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        var cqes = new CqeView[8];
        while (!stop.IsCancellationRequested)
        {
            ring.TryPrepareNop(SqeContext.FromValue(1));
            ring.Wait(cqes, 1, TimeSpan.FromMilliseconds(500));
        }
    }
}
