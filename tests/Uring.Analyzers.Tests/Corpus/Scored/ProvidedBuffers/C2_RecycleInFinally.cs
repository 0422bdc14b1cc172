using System;
using Uring;

public sealed class Parser
{
    private readonly ProvidedBufferRing _group;

    public Parser(ProvidedBufferRing group) => _group = group;

    public int CountLines(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe);
        try
        {
            int lines = 0;
            foreach (byte b in buffer.Data)
            {
                if (b == (byte)'\n')
                {
                    lines++;
                }
            }

            return lines;
        }
        finally
        {
            _group.Recycle(buffer);
        }
    }
}
