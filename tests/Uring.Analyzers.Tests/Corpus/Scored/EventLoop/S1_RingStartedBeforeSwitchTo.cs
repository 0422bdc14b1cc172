using System;
using System.Threading.Tasks;
using Uring;

public sealed class Mover
{
    public Task MoveAsync(EventLoop loop, int fd)
        => Task.Run(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            await loop.SwitchTo();
            ring.Submit(); // expect URING0010
        });
}
