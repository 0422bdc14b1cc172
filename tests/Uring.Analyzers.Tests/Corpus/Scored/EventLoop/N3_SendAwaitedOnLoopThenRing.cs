using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Audit
{
    public Task RunAsync(EventLoop loop, LoopConnection client, int auditFd, byte[] pinned, CancellationToken token)
        => loop.RunAsync(async () =>
        {
            using var ring = new Ring();
            ring.Start();
            await client.SendAsync(pinned.AsMemory(0, 16), token);
            ring.TryPrepareWrite(SqeContext.FromValue(1), auditFd, pinned.AsSpan(0, 16), -1);
            await Task.Delay(1, token);
            ring.Submit();
        });
}
