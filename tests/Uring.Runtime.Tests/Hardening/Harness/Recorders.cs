using System.Collections.Generic;

namespace Uring.Tests.Hardening.Harness;

/// <summary>A multishot handler that records what it was told.</summary>
internal sealed class SubscriptionRecorder : IMultishotHandler
{
    public List<int> Results { get; } = [];

    public int Stops { get; private set; }

    public Errno StopError { get; private set; }

    public MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion)
    {
        Results.Add(completion.Result);
        return MultishotAction.Continue;
    }

    public void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled)
    {
        Stops++;
        StopError = error;
    }
}

/// <summary>A listener handler that records the chain's outcome.</summary>
internal sealed class ListenerRecorder : IListenerHandler
{
    public List<string> Events { get; } = [];

    public void OnListening(Listener listener) => Events.Add("listening");

    public void OnFailed(Listener listener, ListenerState failedIn, Errno error) => Events.Add($"failed {failedIn} {error}");
}

/// <summary>A zero-copy send handler that records both callbacks.</summary>
internal sealed class SendRecorder : IZeroCopySendHandler
{
    public List<(ulong Token, int Result)> Sent { get; } = [];

    public List<(ulong Token, int Result)> Released { get; } = [];

    public void OnSent(Ring ring, ulong token, int result) => Sent.Add((token, result));

    public void OnBufferReleased(Ring ring, ulong token, int sendResult) => Released.Add((token, sendResult));
}
