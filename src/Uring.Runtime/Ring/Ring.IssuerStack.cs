using System.Runtime.CompilerServices;
using Uring.Interop;

namespace Uring;

/// <summary>
/// The owner-thread check of a single-issuer ring in one subtraction and one compare: a thread runs on its own stack,
/// so a stack address inside the owner's stack means the owner is calling. Every prep method checks the owner, and the
/// exact check (the current managed thread id) is a call that reads thread-local storage, which on this runtime costs
/// several nanoseconds per prep; the stack test costs well under one.
/// </summary>
/// <remarks>
/// The stack test only ever accepts. Any address outside the recorded range (another thread, or bounds that could not be
/// read, or a multi-issuer ring, whose range is empty) falls back to the exact check, so a non-owner thread is refused
/// exactly as before while the owner lives: live threads' stacks do not overlap. Once the owner has exited, the C
/// library may give its stack to a new thread, which then passes the test; the owner can no longer race with it, and
/// a ring left by its owner is one that any thread may only stop (see <see cref="Ring"/>), so a Stop from another
/// thread clears the range first and from then on every call takes the exact check.
/// </remarks>
public sealed unsafe partial class Ring
{
    // The owner thread's stack, [low, low + size); size 0 when there is no owner or its bounds are unknown.
    private nuint _issuerStackLow;
    private nuint _issuerStackSize;

    /// <summary>On the owner thread, when it becomes the owner: records its stack's bounds (empty when they cannot be read).</summary>
    private void RecordIssuerStack()
    {
        _issuerStackSize = 0;
        if (Options.MultiIssuers)
        {
            return;
        }

        if (Syscalls.TryGetCurrentThreadStack(out nuint low, out nuint size))
        {
            _issuerStackLow = low;
            _issuerStackSize = size;
        }
    }

    /// <summary>From now on every owner check is the exact one (a Stop from a thread other than the exited owner).</summary>
    private void ForgetIssuerStack() => _issuerStackSize = 0;

    /// <summary>
    /// A single-issuer ring may only be driven by the thread that started it: the stack test, then the exact check when
    /// the stack test does not accept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureIssuer()
    {
        byte marker = 0;
        if ((nuint)Unsafe.AsPointer(ref marker) - _issuerStackLow >= _issuerStackSize)
        {
            EnsureIssuerExact();
        }
    }

    /// <summary>The exact owner check: one integer compare of managed thread ids.</summary>
    private void EnsureIssuerExact()
    {
        int owner = _ownerThreadId;
        if (owner != 0 && owner != System.Environment.CurrentManagedThreadId)
        {
            ThrowWrongThread(owner);
        }
    }
}
