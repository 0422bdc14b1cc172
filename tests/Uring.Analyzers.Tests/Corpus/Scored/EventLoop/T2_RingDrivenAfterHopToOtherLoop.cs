using System;
using System.Threading.Tasks;
using Uring;

public sealed class Hopper
{
    public async Task MoveAsync(EventLoopGroup group, int fd)
    {
        await group.Next().SwitchTo();
        using var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        await group.Next().SwitchTo();
        ring.Submit(); // expect URING0010
    }
}
