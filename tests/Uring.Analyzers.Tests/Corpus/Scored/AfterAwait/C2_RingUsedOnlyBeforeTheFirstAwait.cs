using System;
using System.Threading.Tasks;
using Uring;

public sealed class EarlyOnly
{
    public async Task RunAsync(int fd)
    {
        using (var ring = new Ring())
        {
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            ring.Submit();
        }

        await Task.Delay(10);
        Console.WriteLine("done");
    }
}
