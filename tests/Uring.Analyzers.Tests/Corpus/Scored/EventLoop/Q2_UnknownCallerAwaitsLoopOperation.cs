using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Forward
{
    public async Task ForwardAsync(LoopConnection from, int sinkFd, CancellationToken token)
    {
        using var ring = new Ring();
        ring.Start();
        byte[] chunk = GC.AllocateArray<byte>(4096, pinned: true);
        int n = await from.ReceiveAsync(chunk.AsMemory(), token);
        ring.TryPrepareWrite(SqeContext.FromValue(1), sinkFd, chunk.AsSpan(0, n), -1);
        ring.Submit();
    }
}
