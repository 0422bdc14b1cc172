using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class AckedFanOut
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true });
    private readonly CqeView[] _cqes = new CqeView[64];

    public AckedFanOut() => _ring.Start();

    public void Publish(List<int> subscribers, byte[] pinned)
    {
        foreach (int s in subscribers)
        {
            _ring.TryPrepareSend(SqeContext.FromValue((ulong)s), s, pinned.AsSpan());
        }

        int done = 0;
        while (done < subscribers.Count)
        {
            done += _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
