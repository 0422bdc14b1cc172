using System;
using System.IO;
using Uring;

public sealed class Drainer
{
    private readonly Ring _ring;
    private readonly ProvidedBufferRing _group;
    private readonly CqeView[] _cqes = new CqeView[32];
    private readonly Stream _sink;

    public Drainer(Ring ring, ProvidedBufferRing group, Stream sink)
    {
        _ring = ring;
        _group = group;
        _sink = sink;
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

            ProvidedBuffer buffer = _group.Take(_cqes[i]); // expect URING0005
            if (buffer.Data[0] == (byte)'#')
            {
                continue;
            }

            _sink.Write(buffer.Data);
            _group.Recycle(buffer);
        }
    }
}
