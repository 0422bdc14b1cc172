using System;
using System.Threading.Tasks;
using Uring;

public sealed class RacyStart
{
    public async Task RunAsync(int fd)
    {
        var ring = new Ring();
        await Task.Run(() => ring.Start());
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd); // expect URING0010 allow URING0009
        ring.Submit(); // expect URING0010 allow URING0009
    }
}
