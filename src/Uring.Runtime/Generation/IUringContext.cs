namespace Uring;

/// <summary>
/// A typed completion context that can borrow a pooled <see cref="ExtendedSqe"/> and store itself in it. The
/// Uring generator implements it on every <see cref="UringContextAttribute"/> struct (with the generated
/// <c>TryRent</c>/<c>Release</c>), so code can be generic over the context type without boxing: each
/// <c>[UringOp]</c> gets a generated overload that takes <c>in TContext context</c> where
/// <c>TContext : struct, IUringContext&lt;TContext&gt;</c>, rents a context, stores the value and prepares
/// the op with it in one call.
/// </summary>
/// <typeparam name="TSelf">The context struct itself.</typeparam>
public interface IUringContext<TSelf>
    where TSelf : struct, IUringContext<TSelf>
{
    /// <summary>
    /// Borrows an Extended context from <paramref name="ring"/>'s pool and stores <paramref name="value"/> in
    /// it; false when every context is in flight (backpressure). Prepare an op with <c>ext.Context</c>; if that
    /// fails, or once the last completion was handled, give it back with <see cref="Release"/>.
    /// </summary>
    /// <param name="ring">The ring whose pool lends the context.</param>
    /// <param name="value">The fields to store.</param>
    /// <param name="ext">The borrowed context, or the default handle when this returns false.</param>
    /// <returns>False when the pool is exhausted.</returns>
    [RentsPooledContext]
    static abstract bool TryRent(Ring ring, in TSelf value, out ExtendedSqe ext);

    /// <summary>
    /// Returns a context to <paramref name="ring"/>'s pool: its bytes are zeroed and its reference fields
    /// cleared. The handle must not be used again.
    /// </summary>
    /// <param name="ring">The ring whose pool lent the context.</param>
    /// <param name="ext">The context to return, exactly once.</param>
    [ReturnsPooledContext]
    static abstract void Release(Ring ring, ExtendedSqe ext);
}
