using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class Gather
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = false });
    private readonly CqeView[] _cqes = new CqeView[64];

    public Gather() => _ring.Start();

    public void Receive(List<int> sockets, byte[] pinned)
    {
        int queued = 0;
        for (int i = 0; i < sockets.Count; i++)
        {
            if (_ring.TryPrepareRecv(SqeContext.FromValue((ulong)i), sockets[i], pinned.AsSpan(i * 64, 64)))
            {
                queued++;
            }
        }

        int done = 0;
        while (done < queued)
        {
            done += _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
