using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class MetricsPusher : IDisposable
{
    private readonly Ring _ring = new(new RingOptions { NotifySucceed = true, Entries = 8 });
    private readonly byte[] _packet = GC.AllocateArray<byte>(1024, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[4];

    public MetricsPusher() => _ring.Start();

    public void Push(int socket, List<KeyValuePair<byte, byte>> metrics)
    {
        int length = 0;
        metrics.ForEach(pair =>
        {
            if (length + 2 <= _packet.Length)
            {
                _packet[length++] = pair.Key;
                _packet[length++] = pair.Value;
            }
        });

        if (!_ring.TryPrepareSend(SqeContext.FromValue(1), socket, _packet.AsSpan(0, length)))
        {
            return;
        }

        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        metrics.ForEach(_ => _packet.AsSpan().Clear());
    }

    public void Dispose() => _ring.Dispose();
}
