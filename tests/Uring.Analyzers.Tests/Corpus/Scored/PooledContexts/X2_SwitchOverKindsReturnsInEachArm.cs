using System;
using System.Threading;
using Uring;

public sealed class Probe
{
    private const long KindPing = 1;
    private const long KindFlush = 2;

    private readonly Ring _ring;
    private readonly CqeView[] _cqes = new CqeView[32];
    public int Pings;
    public int Flushes;

    public Probe(Ring ring) => _ring = ring;

    public bool TryQueue(long kind)
    {
        if (!_ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            return false;
        }

        ext.As<long>() = kind;
        if (!_ring.TryPrepareNop(ext.Context))
        {
            _ring.ReturnExtendedSqe(ext);
            return false;
        }

        return true;
    }

    public void Drain()
    {
        int n = _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        for (int i = 0; i < n; i++)
        {
            if (!_cqes[i].IsExtended)
            {
                continue;
            }

            ExtendedSqe ext = _cqes[i].ExtendedSqe;
            long kind = ext.As<long>();
            switch (kind)
            {
                case KindPing:
                    _ring.ReturnExtendedSqe(ext);
                    Pings++;
                    break;
                case KindFlush:
                    _ring.ReturnExtendedSqe(ext);
                    Flushes++;
                    break;
                default:
                    _ring.ReturnExtendedSqe(ext);
                    Console.Error.WriteLine($"unknown kind {kind}");
                    break;
            }
        }
    }
}
