using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Background
{
    public async Task RunAsync(int fd)
    {
        using var ring = new Ring();
        ring.Start();
        Func<Task> work = async () =>
        {
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0009
            await Task.Yield();
            ring.Submit(); // expect URING0009 allow URING0010
        };
        await Task.Run(work);
    }
}
