namespace Uring;

/// <summary>
/// Fills a pooled context that <see cref="Ring.TryRentExtendedSqe{TState}(in TState, ContextFiller{ExtendedSqe, TState}, out ExtendedSqe)"/>
/// or <see cref="Ring.TryRentIndirectSqe{TState}(in TState, ContextFiller{IndirectSqe, TState}, out IndirectSqe)"/>
/// just rented. Pass a <c>static</c> lambda and carry its inputs in <paramref name="state"/>, so nothing allocates.
/// </summary>
/// <typeparam name="THandle"><see cref="ExtendedSqe"/> or <see cref="IndirectSqe"/>.</typeparam>
/// <typeparam name="TState">What the filler reads.</typeparam>
/// <param name="context">The rented context (zeroed).</param>
/// <param name="state">The state given to the rent call.</param>
public delegate void ContextFiller<THandle, TState>(THandle context, scoped in TState state)
    where TState : allows ref struct;
