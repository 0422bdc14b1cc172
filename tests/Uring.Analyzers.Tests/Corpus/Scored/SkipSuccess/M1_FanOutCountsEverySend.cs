using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class FanOut : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { Entries = 1024, NotifySucceed = false });
    private readonly CqeView[] _cqes = new CqeView[128];

    public FanOut() => _ring.Start();

    public int Publish(List<int> subscribers, byte[] pinnedMessage)
    {
        int queued = 0;
        foreach (int subscriber in subscribers)
        {
            if (_ring.TryPrepareSend(SqeContext.FromValue((ulong)subscriber), subscriber, pinnedMessage.AsSpan()))
            {
                queued++;
            }
        }

        int acknowledged = 0;
        while (acknowledged < queued)
        {
            acknowledged += _ring.Wait(_cqes, queued - acknowledged, Timeout.InfiniteTimeSpan); // expect URING0008
        }

        return acknowledged;
    }

    public void Dispose() => _ring.Dispose();
}
