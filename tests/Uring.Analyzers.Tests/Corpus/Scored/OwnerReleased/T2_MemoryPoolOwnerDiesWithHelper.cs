using System;
using System.Buffers;
using Uring;

public sealed class Uploader
{
    private readonly Ring _ring;

    public Uploader(Ring ring) => _ring = ring;

    public bool QueueChunk(int socket, ReadOnlySpan<byte> payload)
    {
        using IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(payload.Length); // expect URING0002
        payload.CopyTo(owner.Memory.Span);
        bool queued = _ring.TryPrepareSend(SqeContext.FromValue(3), socket, owner.Memory[..payload.Length]);
        _ring.Submit();
        return queued; // expect URING0002
    }
}
