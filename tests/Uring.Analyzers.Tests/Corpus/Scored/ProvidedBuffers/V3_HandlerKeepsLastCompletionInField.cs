using System;
using Uring;

public sealed class AcceptWatcher : IMultishotHandler
{
    private CqeView _lastFailure;
    public int Accepted { get; private set; }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        if (!completion.IsSuccess)
        {
            _lastFailure = completion; // expect URING0004
            return MultishotAction.Continue;
        }

        Accepted++;
        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
        => Console.WriteLine($"accept stopped: {error}; last failure {_lastFailure.Error}");
}
