using System;
using Uring;

public sealed class HeaderReader
{
    private readonly Ring _ring;

    public HeaderReader(Ring ring) => _ring = ring;

    public bool BeginHeader(int socket, ulong requestId)
    {
        var header = new byte[16];
        if (!_ring.TryPrepareRecv(SqeContext.FromValue(requestId), socket, header.AsMemory(), MessageFlags.WaitAll))
        {
            return false;
        }

        _ring.Submit();
        return true;
    }
}
