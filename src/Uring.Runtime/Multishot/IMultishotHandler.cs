namespace Uring;

/// <summary>What a <see cref="IMultishotHandler"/> wants after a completion.</summary>
public enum MultishotAction
{
    /// <summary>Keep the request armed.</summary>
    Continue,

    /// <summary>
    /// Cancel the request (<c>IORING_OP_ASYNC_CANCEL</c> by its <c>user_data</c>). Completions already posted
    /// still arrive, then the final one. Ignored on the final completion.
    /// </summary>
    Stop,
}

/// <summary>
/// Receives the completions of one multishot request (accept, recv, poll, read, timeout) through a
/// <see cref="MultishotSubscription"/>. Both methods run on the ring's issuer thread, inside the reap
/// loop that calls <see cref="MultishotSubscription.TryHandle"/>; they must not block.
/// </summary>
public interface IMultishotHandler
{
    /// <summary>
    /// One completion of the request, the final one included (<see cref="CqeView.HasMore"/> false).
    /// A failed completion has a negative <see cref="CqeView.Result"/>; <c>-ECANCELED</c> after a cancel.
    /// </summary>
    /// <returns><see cref="MultishotAction.Stop"/> to cancel the request.</returns>
    MultishotAction OnCompletion(MultishotSubscription subscription, in CqeView completion);

    /// <summary>
    /// Called once, after the final completion, when the pooled context has gone back to the pool.
    /// <paramref name="error"/> is the final completion's error (<see cref="Errno.None"/> for a result of 0 or more);
    /// <paramref name="cancelled"/> is true when it was <c>-ECANCELED</c>.
    /// </summary>
    void OnStopped(MultishotSubscription subscription, Errno error, bool cancelled);
}
