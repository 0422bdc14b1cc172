using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Uring;

public sealed class Coordinator
{
    public async Task FinishAsync(IEnumerable<Task> uploads, int fd)
    {
        var ring = new Ring();
        ring.Start();
        ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
        await Task.WhenAll(uploads);
        ring.Submit(); // expect URING0010
        ring.Dispose(); // expect URING0010
    }
}
