using System;
using System.Linq;
using Uring;

public sealed class BatchAuditor
{
    private readonly Ring _ring;
    private CqeView[] _failures = Array.Empty<CqeView>();

    public BatchAuditor(Ring ring) => _ring = ring;

    public void Drain()
    {
        Span<CqeView> batch = stackalloc CqeView[64];
        int n = _ring.Reap(batch);
        _failures = batch[..n].ToArray().Where(c => c.Result < 0).ToArray(); // expect URING0004 (known miss: an array copied out of the batch by ToArray/LINQ and stored in a field is not followed)
    }

    public void Report()
    {
        foreach (CqeView failure in _failures)
        {
            Console.Error.WriteLine(failure.Error);
        }
    }
}
