namespace Uring;

/// <summary>
/// Fills the one SQE that <see cref="Ring.TryPrepare{TState}"/> reserved: write <see cref="SubmissionSlot.Sqe"/>'s
/// fields and stage what the kernel reads when it consumes the SQE (<see cref="SubmissionSlot.Stage{T}(in T)"/>,
/// <see cref="SubmissionSlot.StagePath(System.ReadOnlySpan{char})"/>, ...). Pass a <c>static</c> lambda and carry
/// its inputs in <paramref name="state"/> (a <c>ref struct</c> may hold spans), so the call allocates nothing.
/// </summary>
/// <remarks>
/// The filler runs inside the prepare call, which on a <see cref="RingOptions.MultiIssuers"/> ring holds the ring's
/// lock: keep it short, and prepare nothing else on the same ring from inside it.
/// </remarks>
/// <typeparam name="TState">What the filler reads.</typeparam>
/// <param name="slot">The reserved, zeroed SQE and its staging; valid only until the filler returns.</param>
/// <param name="state">The state given to <see cref="Ring.TryPrepare{TState}"/>.</param>
public delegate void SqeFiller<TState>(ref SubmissionSlot slot, scoped in TState state)
    where TState : allows ref struct;
