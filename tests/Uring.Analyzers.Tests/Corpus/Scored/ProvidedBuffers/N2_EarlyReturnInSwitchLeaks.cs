using System;
using Uring;

public sealed class Commands
{
    private readonly ProvidedBufferRing _pool;

    public Commands(ProvidedBufferRing pool) => _pool = pool;

    public int Handle(in CqeView cqe)
    {
        ProvidedBuffer buffer = _pool.Take(cqe); // expect URING0005
        switch (buffer.Data[0])
        {
            case (byte)'Q':
                return -1;
            case (byte)'P':
                _pool.Recycle(buffer);
                return 1;
            default:
                _pool.Recycle(buffer);
                return 0;
        }
    }
}
