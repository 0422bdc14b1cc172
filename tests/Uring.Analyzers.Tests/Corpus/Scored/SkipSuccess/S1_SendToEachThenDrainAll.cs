using System;
using System.Threading;
using Uring;

public static class Broadcast
{
    public static void Send(int[] sockets, byte[] pinned)
    {
        using var ring = new Ring(new RingOptions { NotifySucceed = false, Entries = 64 });
        ring.Start();
        for (int i = 0; i < sockets.Length; i++)
        {
            ring.TryPrepareSend(SqeContext.FromValue((ulong)i), sockets[i], pinned.AsSpan());
        }

        ring.Submit();
        var cqes = new CqeView[64];
        int seen = 0;
        while (seen < sockets.Length)
        {
            seen += ring.Wait(cqes, 1, Timeout.InfiniteTimeSpan); // expect URING0008
        }
    }
}
