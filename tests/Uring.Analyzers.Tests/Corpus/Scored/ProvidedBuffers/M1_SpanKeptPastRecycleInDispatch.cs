using System;
using System.Buffers.Binary;
using Uring;

public sealed class FrameDecoder
{
    private readonly ProvidedBufferRing _buffers;

    public FrameDecoder(Ring ring) => _buffers = ring.RegisterProvidedBufferRing(groupId: 3, bufferCount: 128, bufferSize: 2048);

    public int OnCompletion(in CqeView cqe)
    {
        if (cqe.Result <= 0)
        {
            return 0;
        }

        ProvidedBuffer received = _buffers.Take(cqe);
        Span<byte> payload = received.Data;
        _buffers.Recycle(received);
        return BinaryPrimitives.ReadInt32BigEndian(payload); // expect URING0013
    }
}
