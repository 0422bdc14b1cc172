using System;
using System.Collections.Generic;
using System.Text;
using Uring;

public sealed class Lines
{
    private readonly Ring _ring;
    private readonly ProvidedBufferRing _pool;
    private readonly CqeView[] _cqes = new CqeView[32];

    public Lines(Ring ring, ProvidedBufferRing pool)
    {
        _ring = ring;
        _pool = pool;
    }

    public List<string> Drain()
    {
        var lines = new List<string>();
        int n = _ring.Reap(_cqes);
        for (int i = 0; i < n; i++)
        {
            if (_cqes[i].Result <= 0 || (_cqes[i].Flags & CqeFlags.Buffer) == 0)
            {
                continue;
            }

            ProvidedBuffer buffer = _pool.Take(_cqes[i]);
            ReadOnlySpan<byte> data = buffer.Data;
            lines.Add(Encoding.UTF8.GetString(data));
            _pool.Recycle(buffer);
        }

        return lines;
    }
}
