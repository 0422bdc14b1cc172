namespace Uring;

/// <summary>
/// One unit of work queued to an <see cref="EventLoop"/>: a callback (an <see cref="System.Action{T}"/> of
/// object, a <see cref="System.Threading.SendOrPostCallback"/>, an <see cref="System.Action"/>, a
/// <see cref="System.Threading.Tasks.Task"/> or a <see cref="LoopWorkItem"/>), its state, and a tag the
/// loop's own work items use to recognise a stale request (the <c>user_data</c> of the operation it names).
/// A struct, so queueing allocates nothing.
/// </summary>
internal readonly struct LoopWork
{
    public LoopWork(object callback, object? state, ulong tag = 0)
    {
        Callback = callback;
        State = state;
        Tag = tag;
    }

    public object Callback { get; }

    public object? State { get; }

    public ulong Tag { get; }
}

/// <summary>Work the loop runs itself (operation submissions and cancellations, pooled generic-state posts).</summary>
internal abstract class LoopWorkItem
{
    /// <summary>Runs on the loop thread.</summary>
    /// <param name="loop">The loop running it.</param>
    /// <param name="state">The state queued with it.</param>
    /// <param name="tag">The tag queued with it.</param>
    internal abstract void Run(EventLoop loop, object? state, ulong tag);
}
