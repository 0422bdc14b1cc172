using System;
using System.Collections.Generic;
using Uring;

public readonly record struct AcceptFailure(Errno Error, long AtTicks);

public sealed class AcceptMonitor : IMultishotHandler
{
    private readonly List<AcceptFailure> _failures = new();
    private readonly Queue<int> _accepted = new();

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (!completion.IsSuccess)
        {
            _failures.Add(new AcceptFailure(completion.Error, Environment.TickCount64));
            return MultishotAction.Continue;
        }

        int fd = completion.Result;
        _accepted.Enqueue(fd);
        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        => Console.WriteLine($"{_failures.Count} failures, {_accepted.Count} accepted");
}
