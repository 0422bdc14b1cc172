using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public static class Program
{
    public static void Main()
    {
        var ring = new Ring();
        ring.Start();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            ring.Stop(); // expect URING0009 allow URING0010
        });
        var cqes = new CqeView[4];
        while (!ring.IsStopped)
        {
            ring.TryPrepareNop(SqeContext.FromValue(1));
            ring.Wait(cqes, 1, TimeSpan.FromSeconds(1));
        }
    }
}
