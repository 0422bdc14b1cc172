using System;
using Uring;

public sealed class Tidy
{
    private readonly Ring _ring;
    private readonly ExtendedCqe[] _batch = new ExtendedCqe[64];

    public Tidy(Ring ring) => _ring = ring;

    public void Pump(Action<long, int> complete)
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            ExtendedSqe ext = _batch[i].Ext;
            long key = ext.As<long>();
            if (_batch[i].Result < 0)
            {
                _ring.ReturnExtendedSqe(ext);
                continue;
            }

            _ring.ReturnExtendedSqe(ext);
            complete(key, _batch[i].Result);
        }
    }
}
