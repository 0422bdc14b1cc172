using System;
using Uring;

public sealed class Completer
{
    private readonly Ring _ring;
    private readonly ExtendedCqe[] _batch = new ExtendedCqe[64];

    public Completer(Ring ring) => _ring = ring;

    public void Pump(Action<long, int> complete)
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            ExtendedSqe ext = _batch[i].Ext;
            if (_batch[i].Result < 0)
            {
                _ring.ReturnExtendedSqe(ext);
            }

            complete(ext.As<long>(), _batch[i].Result); // allow URING0013
            _ring.ReturnExtendedSqe(ext); // expect URING0007
        }
    }
}
