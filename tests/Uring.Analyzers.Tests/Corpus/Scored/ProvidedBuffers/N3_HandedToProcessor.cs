using System;
using Uring;

public sealed class Processor
{
    private readonly ProvidedBufferRing _pool;

    public Processor(ProvidedBufferRing pool) => _pool = pool;

    private void Process(in ProvidedBuffer buffer)
    {
        Console.WriteLine(buffer.Length);
        _pool.Recycle(buffer);
    }

    public void OnCompletion(in CqeView cqe)
    {
        if (cqe.Result <= 0)
        {
            return;
        }

        ProvidedBuffer buffer = _pool.Take(cqe);
        Process(buffer);
    }
}
