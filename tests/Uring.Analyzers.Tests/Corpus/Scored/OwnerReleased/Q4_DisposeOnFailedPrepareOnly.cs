using System;
using System.Buffers;
using System.Collections.Generic;
using Uring;

public sealed class Starter
{
    private readonly Dictionary<ulong, IMemoryOwner<byte>> _inFlight = new();

    public bool TryStart(Ring ring, int fd, ulong tag)
    {
        IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(4096);
        if (!ring.TryPrepareRead(SqeContext.FromValue(tag), fd, owner.Memory, 0))
        {
            owner.Dispose();
            return false;
        }

        _inFlight.Add(tag, owner);
        return true;
    }

    public void Completed(ulong tag)
    {
        if (_inFlight.Remove(tag, out IMemoryOwner<byte>? owner))
        {
            owner.Dispose();
        }
    }
}
