using System;
using System.Buffers;
using System.Collections.Generic;
using Uring;

public sealed class PendingReads
{
    private readonly Ring _ring;
    private readonly Dictionary<ulong, IMemoryOwner<byte>> _pending = new();
    private ulong _next;

    public PendingReads(Ring ring) => _ring = ring;

    public void Begin(int fd, int size)
    {
        IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(size);
        ulong tag = ++_next;
        if (!_ring.TryPrepareRead(SqeContext.FromValue(tag), fd, owner.Memory[..size], 0))
        {
            owner.Dispose();
            return;
        }

        _pending[tag] = owner;
        _ring.Submit();
    }

    public void OnCompleted(in CqeView completion)
    {
        if (_pending.Remove(completion.Context.Value, out IMemoryOwner<byte>? owner))
        {
            owner.Dispose();
        }
    }
}
