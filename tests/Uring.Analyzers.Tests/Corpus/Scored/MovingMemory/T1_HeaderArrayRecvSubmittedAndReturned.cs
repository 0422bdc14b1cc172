using System;
using Uring;

public sealed class FrameReader
{
    private readonly Ring _ring;

    public FrameReader(Ring ring) => _ring = ring;

    public bool BeginHeader(int socket, ulong requestId)
    {
        var header = new byte[16];
        if (!_ring.TryPrepareRecv(SqeContext.FromValue(requestId), socket, header.AsSpan(), MessageFlags.WaitAll)) // expect URING0001
        {
            return false;
        }

        _ring.Submit();
        return true;
    }
}
