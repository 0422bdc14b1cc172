using System;
using Uring;

public sealed class Checksum
{
    private readonly ProvidedBufferRing _group;

    public Checksum(ProvidedBufferRing group) => _group = group;

    public int Compute(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe);
        ushort id = buffer.Id;
        _group.Recycle(id);
        int sum = 0;
        foreach (byte b in buffer.Data) // expect URING0013
        {
            sum += b;
        }

        return sum;
    }
}
