using System;
using Uring.Interop;

namespace Uring;

// Fixed buffers over the caller's memory (a NativeBuffer's, typically), pinned while registered.
public sealed unsafe partial class Ring
{
    /// <summary>
    /// Registers the caller's memory as the fixed-buffer table (<c>IORING_REGISTER_BUFFERS2</c>), one buffer per
    /// element, in place: the fixed ops then address it by index (<see cref="TryPrepareReadFixed"/>,
    /// <see cref="RegisteredBuffer"/>). Each element is pinned with <see cref="Memory{T}.Pin"/> (a
    /// <see cref="NativeBuffer"/>'s in-flight count, a pinned handle on an array) until
    /// <see cref="UnregisterBuffers"/> or <see cref="Stop"/>: the kernel keeps the pages for as long as they are
    /// registered, so a <see cref="NativeBuffer"/> disposed meanwhile is freed only then. The kernel pins the pages
    /// too, which counts against <c>RLIMIT_MEMLOCK</c> as for <see cref="RegisterBuffers(int, int)"/>.
    /// </summary>
    /// <param name="buffers">1 to <see cref="BufferLimits.MaxRegisteredBuffers"/> buffers of 1 to <see cref="BufferLimits.MaxRegisteredBufferBytes"/> bytes each.</param>
    /// <exception cref="ArgumentOutOfRangeException">Too few or too many buffers, or one of a size out of range (<c>ParamName</c> "buffers").</exception>
    /// <exception cref="ObjectDisposedException">A <see cref="NativeBuffer"/> among them was disposed, or the ring was stopped.</exception>
    /// <exception cref="InvalidOperationException">Buffers are already registered.</exception>
    /// <exception cref="UringException">ENOMEM before anything is registered: the pages exceed the memlock hard limit. Otherwise the kernel refused.</exception>
    [IssuerThreadOnly]
    public void RegisterBuffers(ReadOnlySpan<Memory<byte>> buffers)
    {
        BufferLimits.ThrowIfBadRegisteredBufferCount(buffers.Length, nameof(buffers));
        for (int i = 0; i < buffers.Length; i++)
        {
            BufferLimits.ThrowIfBadRegisteredBufferSize(buffers[i].Length, nameof(buffers), $"buffer {i}");
        }

        if (_registeredBuffers is not null)
        {
            throw new InvalidOperationException("Fixed buffers are already registered; call UnregisterBuffers first.");
        }

        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        if (_registeredBuffers is not null)
        {
            // Another thread of a multi-issuer ring registered meanwhile.
            throw new InvalidOperationException("Fixed buffers are already registered; call UnregisterBuffers first.");
        }

        RegisteredBufferSet set = new(buffers);
        try
        {
            MemlockLimit.EnsureCanPin(set.PinnedBytes(), $"Registering {buffers.Length} buffers of caller memory");
            RsrcRegister register = new() { Nr = (uint)buffers.Length, Data = (ulong)set.Vectors };
            Register(RegisterOp.RegisterBuffers2, &register, (uint)sizeof(RsrcRegister), $"REGISTER_BUFFERS2 ({buffers.Length} caller buffers)");
        }
        catch
        {
            set.Dispose();
            throw;
        }

        _registeredBuffers = set;
    }
}
