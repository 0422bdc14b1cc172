using System;
using System.IO;
using Uring;

public sealed class Strict
{
    private readonly ProvidedBufferRing _pool;

    public Strict(ProvidedBufferRing pool) => _pool = pool;

    public int Length(in CqeView cqe)
    {
        ProvidedBuffer buffer = _pool.Take(cqe); // expect URING0005
        if (buffer.Length < 4)
        {
            return -1;
        }

        int length = BitConverter.ToInt32(buffer.Data);
        _pool.Recycle(buffer);
        return length;
    }
}
