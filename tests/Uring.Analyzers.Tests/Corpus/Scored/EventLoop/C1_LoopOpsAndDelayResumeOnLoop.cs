using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Relay
{
    public async Task RelayAsync(EventLoop loop, LoopConnection from, int logFd, CancellationToken token)
    {
        await loop.SwitchTo();
        using var ring = new Ring();
        ring.Start();
        byte[] chunk = GC.AllocateArray<byte>(4096, pinned: true);
        while (!token.IsCancellationRequested)
        {
            int n = await from.ReceiveAsync(chunk.AsMemory(), token);
            ring.TryPrepareWrite(SqeContext.FromValue(1), logFd, chunk.AsSpan(0, n), -1);
            await loop.DelayAsync(TimeSpan.FromMilliseconds(1), token);
            ring.Submit();
            await Task.Delay(1, token);
            ring.Submit();
        }
    }
}
