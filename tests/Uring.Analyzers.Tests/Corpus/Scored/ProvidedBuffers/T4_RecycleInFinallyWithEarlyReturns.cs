using System;
using System.Buffers.Binary;
using Uring;

public sealed class Frames
{
    private readonly ProvidedBufferRing _group;

    public Frames(ProvidedBufferRing group) => _group = group;

    public int ReadLength(in CqeView cqe)
    {
        if (cqe.Result <= 0)
        {
            return cqe.Result;
        }

        ProvidedBuffer buffer = _group.Take(cqe);
        try
        {
            if (buffer.Data.Length < 4)
            {
                return -1;
            }

            return BinaryPrimitives.ReadInt32BigEndian(buffer.Data);
        }
        finally
        {
            _group.Recycle(buffer);
        }
    }
}
