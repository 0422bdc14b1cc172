using System;
using System.Buffers;
using Uring;

public sealed class DeadlineSend
{
    private readonly Ring _ring;
    private byte[]? _inFlight;

    public DeadlineSend(Ring ring) => _ring = ring;

    public bool TrySend(int socket, ReadOnlySpan<byte> message, TimeSpan deadline)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(rented);
        if (!_ring.TryPrepareSend(SqeContext.FromValue(1), socket, rented.AsMemory(0, message.Length), options: OpOptions.Linked))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return false;
        }

        if (!_ring.TryPrepareLinkTimeout(SqeContext.FromValue(2), deadline))
        {
            ArrayPool<byte>.Shared.Return(rented); // expect URING0002
            return false;
        }

        _inFlight = rented;
        _ring.Submit();
        return true;
    }
}
