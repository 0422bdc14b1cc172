using System;
using System.Threading;

namespace Uring;

// Reaping with the extra 16 bytes of 32-byte completions (CQE32 and CQE_MIXED rings).
public sealed partial class Ring
{
    /// <summary>
    /// Like <see cref="Reap(Span{CqeView})"/>, keeping the extra 16 bytes of each 32-byte completion
    /// (<see cref="BigCqe.Extra0"/>, <see cref="BigCqe.Extra1"/>): a zero-copy receive's area offset, a NOP's
    /// echo, a transmit timestamp. On a ring with 16-byte completions the extra bytes read as 0.
    /// </summary>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Reap(Span<BigCqe> completions) => ReapCore(completions);

    /// <summary>
    /// Like <see cref="Wait(Span{CqeView}, int, TimeSpan)"/>, keeping the extra 16 bytes of each 32-byte completion
    /// (see <see cref="Reap(Span{BigCqe})"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minComplete"/> is negative, or <paramref name="timeout"/> is negative and not infinite.</exception>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped, before or during the wait.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public int Wait(Span<BigCqe> completions, int minComplete, TimeSpan timeout)
    {
        ThrowIfInvalidWait(minComplete, timeout);

        ThrowIfNotStarted();
        EnsureIssuer();
        return WaitCore(completions, minComplete, timeout, TimeSpan.Zero);
    }
}
