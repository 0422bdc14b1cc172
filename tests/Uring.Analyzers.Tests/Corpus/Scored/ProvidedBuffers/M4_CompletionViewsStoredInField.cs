using System;
using System.Collections.Generic;
using Uring;

public sealed class Collector
{
    private readonly Ring _ring;
    private readonly CqeView[] _batch = new CqeView[64];
    private readonly List<CqeView> _deferred = new();

    public Collector(Ring ring) => _ring = ring;

    public void Poll()
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            if (_batch[i].Result < 0)
            {
                _deferred.Add(_batch[i]); // expect URING0004
            }
        }
    }
}
