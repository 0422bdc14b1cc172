using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class StripeWriter
{
    private const int StripeSize = 4096;

    private readonly Ring _ring;
    private readonly byte[] _stripes = GC.AllocateArray<byte>(8 * StripeSize, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[8];

    public StripeWriter()
    {
        _ring = new Ring(new RingOptions { NotifySucceed = true, Entries = 16 });
        _ring.Start();
    }

    public int Flush(List<int> fds, byte fill)
    {
        Span<byte> all = _stripes.AsSpan();
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = fill;
        }

        int queued = 0;
        fds.ForEach(fd =>
        {
            if (queued < 8 && _ring.TryPrepareWrite(SqeContext.FromValue((ulong)queued), fd, _stripes.AsSpan(queued * StripeSize, StripeSize), 0))
            {
                queued++;
            }
        });

        int completed = 0;
        while (completed < queued)
        {
            completed += _ring.Wait(_cqes, queued - completed, Timeout.InfiniteTimeSpan);
        }

        _stripes.AsSpan().Clear();
        return completed;
    }
}
