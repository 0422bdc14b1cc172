using System;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

// Timers and the no-op: a ring timeout, an IORING_OP_NOP round trip.
public sealed partial class EventLoop
{
    /// <summary>
    /// Completes after <paramref name="delay"/>, like <see cref="Task.Delay(TimeSpan, CancellationToken)"/>, on a ring
    /// timeout (<c>IORING_OP_TIMEOUT</c>): awaited on the loop it resumes on the loop thread and allocates nothing.
    /// </summary>
    /// <param name="delay">How long; <see cref="TimeSpan.Zero"/> completes at the next turn of the loop.</param>
    /// <param name="cancellationToken">Cancels the delay (the timer is removed with <c>ASYNC_CANCEL</c>).</param>
    /// <returns>A task that completes when the time has passed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        AsyncOperation op = Rent(AsyncOperationKind.Timeout, ErrorDomain.File);
        op.Duration = delay;
        return new ValueTask(op, Start(op, null, cancellationToken));
    }

    /// <summary>
    /// One round trip through the kernel that does nothing (<c>IORING_OP_NOP</c>): a yield to the loop's completions,
    /// and the cheapest way to measure the loop.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the completion.</param>
    /// <returns>A task that completes with the no-op's completion.</returns>
    public ValueTask NopAsync(CancellationToken cancellationToken = default)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Nop, ErrorDomain.File);
        return new ValueTask(op, Start(op, null, cancellationToken));
    }
}
