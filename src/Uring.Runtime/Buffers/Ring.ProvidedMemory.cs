using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring;

// Legacy provided buffers over memory the ring pins for as long as the kernel may select from it.
public sealed unsafe partial class Ring
{
    // One pin per memory owner (an array or a MemoryManager) given to TryPrepareProvideBuffers(Memory): kept until Stop.
    private Dictionary<object, MemoryHandle>? _providedPins;

    // Provided-memory pins Stop could not prove the kernel was done with, and so kept for the life of the process.
    private int _leakedProvidedPins;

    /// <summary>Owners of provided memory the ring pins now (tests and diagnostics).</summary>
    internal int ProvidedMemoryOwners => _providedPins?.Count ?? 0;

    /// <summary>Provided-memory pins the last <see cref="Stop"/> kept because the kernel might still write the memory.</summary>
    internal int LeakedProvidedPins => _leakedProvidedPins;

    /// <summary>
    /// <see cref="TryPrepareProvideBuffers(SqeContext, ushort, Span{byte}, int, int, ushort, in OpOptions)"/> over memory the
    /// ring keeps pinned: the kernel writes provided buffers whenever a request selects one, until the buffer is
    /// consumed, removed or the ring is torn down, which no single completion tells. So the ring pins the memory's
    /// owner (a <see cref="NativeBuffer"/>'s in-flight count, a pinned handle on an array) the first time it is
    /// provided and keeps the pin until <see cref="Stop"/>; providing the same owner again, the usual way to hand
    /// back consumed buffers, pins nothing more and allocates nothing. A <see cref="NativeBuffer"/> disposed before
    /// then is freed when the ring stops.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="memory"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sizes do not fit <paramref name="memory"/> or the 16-bit id space.</exception>
    /// <exception cref="ObjectDisposedException">The memory's <see cref="NativeBuffer"/> was disposed, or the ring was stopped.</exception>
    [IssuerThreadOnly]
    [OverloadResolutionPriority(-1)]
    public bool TryPrepareProvideBuffers(
        SqeContext context,
        ushort bufferGroup,
        [HeldUntilCompletion] Memory<byte> memory,
        int bufferLength,
        int count,
        ushort startId = 0,
        in OpOptions options = default)
    {
        if (memory.IsEmpty)
        {
            throw new ArgumentException("Provided-buffer memory must not be empty.", nameof(memory));
        }

        ThrowIfStopped();
        EnsureIssuer();
        HoldProvidedMemory(memory);
        return TryPrepareProvideBuffers(context, bufferGroup, memory.Span, bufferLength, count, startId, in options);
    }

    /// <summary>Pins the owner of <paramref name="memory"/> until Stop, once.</summary>
    private void HoldProvidedMemory(Memory<byte> memory)
    {
        object owner = OwnerOf(memory);
        using LockScope held = HoldLock();
        _providedPins ??= new Dictionary<object, MemoryHandle>(ReferenceEqualityComparer.Instance);
        if (_providedPins.ContainsKey(owner))
        {
            return;
        }

        // Pin the whole owner: later calls may provide other slices of it.
        MemoryHandle pin = owner is byte[] array ? array.AsMemory().Pin() : ((MemoryManager<byte>)owner).Pin();
        _providedPins.Add(owner, pin);
    }

    /// <summary>The object whose memory <paramref name="memory"/> is: an array or a memory manager (never a string: bytes).</summary>
    private static object OwnerOf(Memory<byte> memory)
    {
        if (MemoryMarshal.TryGetArray<byte>(memory, out ArraySegment<byte> segment))
        {
            return segment.Array!;
        }

        if (MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(memory, out MemoryManager<byte>? manager) && manager is not null)
        {
            return manager;
        }

        throw new ArgumentException("The memory is neither an array's nor a MemoryManager's, so it cannot be pinned.", nameof(memory));
    }

    /// <summary>
    /// Stop: release the provided-memory pins when the kernel is idle (<paramref name="kernelIdle"/>: every request was
    /// cancelled and completed, so none can select a buffer any more); otherwise keep them, leaked, never freed
    /// under the kernel.
    /// </summary>
    private void ReleaseProvidedMemoryAtStop(bool kernelIdle)
    {
        if (_providedPins is not { Count: > 0 } pins)
        {
            return;
        }

        if (!kernelIdle)
        {
            _leakedProvidedPins += pins.Count;
            return;
        }

        foreach (MemoryHandle pin in pins.Values)
        {
            pin.Dispose();
        }

        pins.Clear();
    }
}
