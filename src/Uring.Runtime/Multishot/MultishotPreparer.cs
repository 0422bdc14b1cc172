namespace Uring;

/// <summary>
/// Prepares one multishot request with <paramref name="context"/> as its <c>user_data</c>, for
/// <see cref="Ring.TrySubscribe{TState}"/>. Pass a <c>static</c> lambda and carry what it needs in
/// <paramref name="state"/>, so subscribing allocates no closure.
/// </summary>
/// <returns>True when the request was queued; false when the submission queue was full.</returns>
public delegate bool MultishotPreparer<TState>(Ring ring, SqeContext context, in TState state);
