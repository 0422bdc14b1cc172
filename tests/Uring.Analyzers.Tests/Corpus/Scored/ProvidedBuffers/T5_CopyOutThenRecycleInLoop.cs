using System;
using System.Collections.Generic;
using Uring;

public sealed class Collector
{
    private readonly Ring _ring;
    private readonly ProvidedBufferRing _group;
    private readonly CqeView[] _cqes = new CqeView[32];
    private readonly List<byte[]> _messages = new();

    public Collector(Ring ring, ProvidedBufferRing group)
    {
        _ring = ring;
        _group = group;
    }

    public void Drain()
    {
        int n = _ring.Reap(_cqes);
        for (int i = 0; i < n; i++)
        {
            if (_cqes[i].Result <= 0)
            {
                continue;
            }

            ProvidedBuffer buffer = _group.Take(_cqes[i]);
            byte[] copy = buffer.Data.ToArray();
            _group.Recycle(buffer);
            if (copy[0] == (byte)'#')
            {
                continue;
            }

            _messages.Add(copy);
        }
    }
}
