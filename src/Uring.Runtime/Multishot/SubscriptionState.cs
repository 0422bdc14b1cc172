namespace Uring;

/// <summary>Where a <see cref="MultishotSubscription"/> is in its life; it only moves forward.</summary>
public enum SubscriptionState
{
    /// <summary>The request is armed and its completions are delivered.</summary>
    Active,

    /// <summary>A cancel was queued; completions still arrive until the final one.</summary>
    Cancelling,

    /// <summary>The final completion was handled and the pooled context returned. Absorbing.</summary>
    Stopped,
}
