using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class Recorder
{
    public async Task RecordAsync(EventLoop loop, LoopConnection connection, int fileFd, CancellationToken token)
    {
        await loop.SwitchTo();
        using var ring = new Ring(new RingOptions { Entries = 16, NotifySucceed = true });
        ring.Start();
        byte[] chunk = GC.AllocateArray<byte>(16 * 1024, pinned: true);
        long offset = 0;
        CqeView[] done = new CqeView[1];
        while (true)
        {
            int n = await connection.ReceiveAsync(chunk.AsMemory(), token);
            if (n == 0)
            {
                break;
            }

            ring.TryPrepareWrite(SqeContext.FromValue(1), fileFd, chunk.AsSpan(0, n), offset);
            ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
            offset += n;
            await Task.Yield();
        }
    }
}
