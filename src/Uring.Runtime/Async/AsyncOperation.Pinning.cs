using System;
using System.Buffers;
using System.Runtime.InteropServices;

namespace Uring;

// Pinning an operation's buffer from before its submission until its completion, as cheaply as each kind of memory
// allows: the kernel must never see memory the GC moved.
internal sealed unsafe partial class AsyncOperation
{
    /// <summary>
    /// True when <see cref="Memory{T}.Equals(Memory{T})"/> tells a pre-pinned array's memory
    /// (<see cref="MemoryMarshal.CreateFromPinnedArray{T}"/>) from a plain one over the same bytes, which the runtime does
    /// today (the flag is part of the compared index). Probed once: if a runtime stops telling them apart, every array
    /// takes the handle path, which is correct for pinned and plain arrays alike.
    /// </summary>
    private static readonly bool s_seesPrePinnedArrays = ProbePrePinnedFlag();

    private MemoryHandle _pin;
    private PinnedGCHandle<byte[]> _arrayPin;
    private byte* _bufferPointer;
    private PinKind _pinKind;

    private enum PinKind : byte
    {
        None,

        /// <summary><see cref="_pin"/> holds the pin (a memory manager's, a pre-pinned array's, an empty buffer's).</summary>
        Memory,

        /// <summary><see cref="_arrayPin"/> targets the array.</summary>
        ArrayHandle,
    }

    /// <summary>The pinned buffer's address (valid between <see cref="PinBuffer"/> and completion).</summary>
    public byte* BufferPointer => _bufferPointer;

    /// <summary>
    /// Pins <see cref="Buffer"/> until the completion: the kernel may use it until then. A memory manager's memory is
    /// pinned by the manager (<see cref="MemoryManager{T}.Pin"/>: free for <see cref="PinnedBlockMemoryPool"/>), and a
    /// pre-pinned array's needs nothing; a plain array is pinned with this source's own pinned GC handle, allocated once
    /// and pointed at each operation's array in turn (half the cost of a new handle per operation, measured).
    /// </summary>
    public void PinBuffer()
    {
        Memory<byte> buffer = Buffer;

        // Checked in this order so a pre-pinned array (the fast path's memory) costs the fewest checks; a memory manager
        // that exposes its array fails the pre-pinned test (the Memory holds the manager) and is caught by the second.
        if (!buffer.IsEmpty
            && MemoryMarshal.TryGetArray<byte>(buffer, out ArraySegment<byte> segment)
            && !IsPrePinned(buffer, segment)
            && !MemoryMarshal.TryGetMemoryManager<byte, MemoryManager<byte>>(buffer, out _))
        {
            if (!_arrayPin.IsAllocated)
            {
                _arrayPin = new PinnedGCHandle<byte[]>(segment.Array!);
            }
            else
            {
                _arrayPin.Target = segment.Array!;
            }

            _bufferPointer = (byte*)_arrayPin.GetAddressOfArrayData() + segment.Offset;
            _pinKind = PinKind.ArrayHandle;
            return;
        }

        _pin = buffer.Pin();
        _bufferPointer = (byte*)_pin.Pointer;
        _pinKind = PinKind.Memory;
    }

    /// <summary>Frees the source's pinning handle (the pool, at shutdown: the source is not pinning anything then).</summary>
    public void FreePinHandle()
    {
        if (_arrayPin.IsAllocated)
        {
            _arrayPin.Dispose();
        }
    }

    /// <summary>Ends the pin (the completion arrived): the handle lets go of the array, so it neither stays pinned nor alive.</summary>
    private void UnpinBuffer()
    {
        switch (_pinKind)
        {
            case PinKind.ArrayHandle:
                _arrayPin.Target = null!;
                break;
            case PinKind.Memory:
                _pin.Dispose();
                _pin = default;
                break;
        }

        _pinKind = PinKind.None;
        _bufferPointer = null;
    }

    /// <summary>True when <paramref name="buffer"/> was made by <see cref="MemoryMarshal.CreateFromPinnedArray{T}"/> (so <see cref="Memory{T}.Pin"/> takes no handle).</summary>
    private static bool IsPrePinned(Memory<byte> buffer, ArraySegment<byte> segment)
        => s_seesPrePinnedArrays && buffer.Equals(MemoryMarshal.CreateFromPinnedArray(segment.Array, segment.Offset, segment.Count));

    private static bool ProbePrePinnedFlag()
    {
        byte[] probe = new byte[2];
        Memory<byte> plain = probe.AsMemory(1, 1);
        Memory<byte> prePinned = MemoryMarshal.CreateFromPinnedArray(probe, 1, 1);
        return !plain.Equals(prePinned) && prePinned.Equals(MemoryMarshal.CreateFromPinnedArray(probe, 1, 1));
    }
}
