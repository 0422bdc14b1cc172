namespace Uring;

/// <summary>
/// Prepares one request with <paramref name="context"/> as its <c>user_data</c>, for the helpers that own a
/// request's pooled context (<see cref="MultishotSubscription.TryStart{TState}"/>, <see cref="ZeroCopySendTracker.TryPrepare{TState}"/>).
/// Pass a <c>static</c> lambda and carry what it needs in <paramref name="state"/>, so the call allocates no closure.
/// </summary>
/// <returns>True when the request was queued; false when the submission queue was full.</returns>
public delegate bool RequestPreparer<TState>(Ring ring, SqeContext context, in TState state);
