using System;
using System.Text;
using Uring;

public sealed class Safe
{
    private readonly ProvidedBufferRing _pool;

    public Safe(ProvidedBufferRing pool) => _pool = pool;

    public string Read(in CqeView cqe)
    {
        ProvidedBuffer buffer = _pool.Take(cqe);
        ushort id = buffer.Id;
        try
        {
            return Encoding.UTF8.GetString(buffer.Data);
        }
        finally
        {
            _pool.Recycle(id);
        }
    }
}
