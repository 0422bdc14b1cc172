using System;
using System.Collections.Generic;
using Uring;

public sealed class LaterDispatcher
{
    private readonly Ring _ring;
    private readonly Queue<Action> _later = new();
    private readonly CqeView[] _batch = new CqeView[128];

    public LaterDispatcher(Ring ring) => _ring = ring;

    public void Pump()
    {
        int n = _ring.Reap(_batch);
        for (int i = 0; i < n; i++)
        {
            ulong userData = _batch[i].Context.Raw;
            int result = _batch[i].Result;
            _later.Enqueue(() => Complete(userData, result));
        }

        while (_later.TryDequeue(out Action? work))
        {
            work();
        }
    }

    private static void Complete(ulong userData, int result) => Console.WriteLine($"{userData:x} -> {result}");
}
