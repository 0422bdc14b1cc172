using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Migrator
{
    public async Task MigrateAsync(EventLoop loop, Func<CancellationToken, Task> copyRows, int fd, CancellationToken token)
    {
        await loop.SwitchTo();
        using var ring = new Ring();
        ring.Start();
        await copyRows(token).ConfigureAwait(false);
        ring.TryPrepareFsync(SqeContext.FromValue(2), fd); // expect URING0010
        ring.Submit(); // expect URING0010
    }
}
