using System;
using System.Collections.Generic;
using Uring;

public readonly record struct Outcome(ulong Tag, int Result);

public sealed class Outcomes
{
    private readonly Ring _ring;
    private readonly CqeView[] _batch = new CqeView[64];
    private readonly List<Outcome> _log = new();

    public Outcomes(Ring ring) => _ring = ring;

    public void Poll()
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            CqeView cqe = _batch[i];
            _log.Add(new Outcome(cqe.Context.Value, cqe.Result));
        }
    }
}
