using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class SlabPool
{
    private readonly ConcurrentBag<byte[]> _slabs = new();

    public byte[] Take() => _slabs.TryTake(out byte[]? slab) ? slab : GC.AllocateArray<byte>(16384, pinned: true);

    public void Give(byte[] slab) => _slabs.Add(slab);
}

public sealed class Replayer
{
    private readonly Ring _ring;
    private readonly SlabPool _slabs;
    private readonly CqeView[] _cqes = new CqeView[64];

    public Replayer(Ring ring, SlabPool slabs)
    {
        _ring = ring;
        _slabs = slabs;
    }

    public void Replay(int socket, IEnumerable<ReadOnlyMemory<byte>> messages)
    {
        int queued = 0;
        foreach (ReadOnlyMemory<byte> message in messages)
        {
            byte[] slab = _slabs.Take();
            message.Span.CopyTo(slab);
            _ring.TryPrepareSend(SqeContext.FromValue((ulong)queued++), socket, slab.AsSpan(0, message.Length));
            _slabs.Give(slab); // expect URING0002
        }

        _ring.Submit();
        _ring.Wait(_cqes, queued, Timeout.InfiniteTimeSpan);
    }
}
