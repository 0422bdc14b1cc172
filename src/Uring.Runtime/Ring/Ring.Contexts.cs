using System;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Borrows a zeroed 128-byte Extended context (SQE copy + 64 bytes of your data) from the ring's pool; false
    /// when all are in flight (backpressure). Return it exactly once with <see cref="ReturnExtSqe"/>, after
    /// its last completion was handled: the handle then stops working (its accessors throw), and a late
    /// completion for it is reported as foreign.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [RentsPooledContext]
    public bool TryRentExtSqe(out ExtSqe ext) => Pools.TryRentExtended(out ext);

    /// <summary>Returns an Extended context to the pool (it is zeroed).</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or another ring's.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [ReturnsPooledContext]
    public void ReturnExtSqe(ExtSqe ext) => Pools.Return(ext, nameof(ext));

    /// <summary>Borrows a zeroed 64-byte Indirect context (an SQE copy); false when all are in flight.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [RentsPooledContext]
    public bool TryRentIndirectSqe(out IndirectSqe sqe) => Pools.TryRentIndirect(out sqe);

    /// <summary>Returns an Indirect context to the pool (it is zeroed).</summary>
    /// <exception cref="InvalidOperationException">It was already returned.</exception>
    /// <exception cref="ArgumentException">It is the default handle, or another ring's.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [ReturnsPooledContext]
    public void ReturnIndirectSqe(IndirectSqe sqe) => Pools.Return(sqe, nameof(sqe));
}
