namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Borrows a 128-byte Extended context (SQE copy + 64 bytes of your data) from the ring's pool; false
    /// when all are in flight (backpressure). Return it exactly once with <see cref="ReturnExtSqe"/>, after
    /// its last completion was handled.
    /// </summary>
    [RentsPooledContext]
    public bool TryRentExtSqe(out ExtSqe ext) => Pools.TryRentExtended(out ext);

    /// <summary>Returns an Extended context to the pool (it is zeroed).</summary>
    /// <exception cref="System.InvalidOperationException">It was already returned.</exception>
    [ReturnsPooledContext]
    public void ReturnExtSqe(ExtSqe ext) => Pools.Return(ext);

    /// <summary>Borrows a 64-byte Indirect context (an SQE copy); false when all are in flight.</summary>
    [RentsPooledContext]
    public bool TryRentIndirectSqe(out IndirectSqe sqe) => Pools.TryRentIndirect(out sqe);

    /// <summary>Returns an Indirect context to the pool (it is zeroed).</summary>
    /// <exception cref="System.InvalidOperationException">It was already returned.</exception>
    [ReturnsPooledContext]
    public void ReturnIndirectSqe(IndirectSqe sqe) => Pools.Return(sqe);
}
