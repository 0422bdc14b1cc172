using System;
using System.Collections.Generic;
using Uring;

public sealed class DeferredDispatcher
{
    private readonly Ring _ring;
    private readonly Queue<Action> _later = new();
    private readonly CqeView[] _batch = new CqeView[128];

    public DeferredDispatcher(Ring ring) => _ring = ring;

    public void Pump()
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            CqeView completion = _batch[i];
            _later.Enqueue(() => Complete(completion)); // expect URING0004
        }

        while (_later.TryDequeue(out Action? work))
        {
            work();
        }
    }

    private static void Complete(CqeView completion)
        => Console.WriteLine($"{completion.Context} -> {completion.Result}");
}
