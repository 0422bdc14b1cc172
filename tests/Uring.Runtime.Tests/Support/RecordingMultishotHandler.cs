using System.Collections.Generic;

namespace Uring.Tests.Support;

/// <summary>
/// Records what a <see cref="MultishotSubscription"/> delivers: each completion's result and MORE flag,
/// and the stop. Asks to stop after <see cref="StopAfter"/> completions when that is set.
/// </summary>
internal sealed class RecordingMultishotHandler : IMultishotHandler
{
    public List<(int Result, bool More)> Completions { get; } = new();

    public int StopAfter { get; init; } = -1;

    public int StopCalls { get; private set; }

    public Errno StopError { get; private set; }

    public bool StopCancelled { get; private set; }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        Completions.Add((completion.Result, completion.HasMore));
        return Completions.Count == StopAfter ? MultishotAction.Stop : MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
    {
        StopCalls++;
        StopError = error;
        StopCancelled = cancelled;
    }
}
