using System;
using System.Collections.Generic;
using System.Threading;
using Uring;

public readonly record struct Arrival(ulong Tag, int Result, CqeFlags Flags);

public sealed class BatchCollector
{
    private readonly Ring _ring;
    private readonly List<Arrival> _arrivals = new();

    public BatchCollector(Ring ring) => _ring = ring;

    public IReadOnlyList<Arrival> Collect()
    {
        _arrivals.Clear();
        CompletionBatch batch = _ring.WaitCompletions(1, Timeout.InfiniteTimeSpan);
        foreach (CqeView cqe in batch)
        {
            ulong tag = cqe.Context.Value;
            int result = cqe.Result;
            CqeFlags flags = cqe.Flags;
            _arrivals.Add(new Arrival(tag, result, flags));
        }

        batch.Advance();
        return _arrivals;
    }
}
