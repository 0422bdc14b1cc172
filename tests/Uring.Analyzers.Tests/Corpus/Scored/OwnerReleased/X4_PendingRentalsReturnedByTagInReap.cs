using System;
using System.Buffers;
using System.Collections.Generic;
using Uring;

public sealed class ParallelReader
{
    private readonly Ring _ring;
    private readonly Dictionary<ulong, byte[]> _pending = new();
    private readonly CqeView[] _cqes = new CqeView[32];
    private ulong _nextTag = 1;
    public long BytesRead;

    public ParallelReader(Ring ring) => _ring = ring;

    public bool TryRead(int fd, long offset, int length)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        ulong tag = _nextTag++;
        if (!_ring.TryPrepareRead(SqeContext.FromValue(tag), fd, rented.AsMemory(0, length), offset))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return false;
        }

        _pending.Add(tag, rented);
        return true;
    }

    public int Reap()
    {
        int n = _ring.Reap(_cqes);
        for (int i = 0; i < n; i++)
        {
            ulong tag = _cqes[i].Context.Value;
            int result = _cqes[i].Result;
            if (!_pending.Remove(tag, out byte[]? rented))
            {
                continue;
            }

            if (result > 0)
            {
                BytesRead += result;
            }

            ArrayPool<byte>.Shared.Return(rented);
        }

        return n;
    }
}
