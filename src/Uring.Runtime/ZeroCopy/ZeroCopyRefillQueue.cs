using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// The producer side of a zero-copy receive queue's refill ring (<c>io_uring_zcrx_rqe</c> entries): the application
/// pushes chunks it is done with, the kernel consumes them when the NIC needs buffers. Single producer (the ring's
/// issuer thread).
/// </summary>
internal unsafe struct ZeroCopyRefillQueue
{
    private uint* _head;
    private uint* _tail;
    private ZcrxRefillEntry* _entries;
    private uint _mask;
    private uint _count;
    private uint _localTail;
    private ulong _areaToken;

    public ZeroCopyRefillQueue(byte* region, in ZcrxOffsets offsets, uint entries, ulong areaToken)
    {
        _head = (uint*)(region + offsets.Head);
        _tail = (uint*)(region + offsets.Tail);
        _entries = (ZcrxRefillEntry*)(region + offsets.Rqes);
        _count = entries;
        _mask = entries - 1;
        _areaToken = areaToken;

        // The kernel starts both at 0; reading ours keeps a queue that someone already used consistent.
        _localTail = Volatile.Read(ref *_tail);
    }

    /// <summary>Entries the queue holds.</summary>
    public readonly uint Entries => _count;

    /// <summary>Free entries now: the kernel's head (acquire) against our tail.</summary>
    public readonly uint Available => _count - (_localTail - Volatile.Read(ref *_head));

    /// <summary>
    /// Pushes a chunk: the entry is written first, then the tail is published with a release store, so the kernel
    /// never reads an entry before its contents. False, with nothing written, when the queue is full.
    /// </summary>
    public bool TryPush(ulong areaOffset, uint length)
    {
        uint tail = _localTail;
        if (tail - Volatile.Read(ref *_head) >= _count)
        {
            return false;
        }

        ZcrxRefillEntry* entry = _entries + (tail & _mask);
        entry->Off = (areaOffset & ~ZcrxConstants.AreaMask) | _areaToken;
        entry->Len = length;
        entry->Pad = 0;
        _localTail = tail + 1;
        Volatile.Write(ref *_tail, tail + 1);
        return true;
    }

    /// <summary>The queue's memory is gone: pushes must not reach it.</summary>
    public void Detach()
    {
        _head = null;
        _tail = null;
        _entries = null;
        _count = 0;
    }

    /// <summary>True until <see cref="Detach"/>.</summary>
    public readonly bool IsAttached => _tail is not null;

    /// <summary>The kernel's head (tests play the kernel).</summary>
    internal readonly uint* Head => _head;

    /// <summary>The entry at <paramref name="position"/> (tests read what was pushed).</summary>
    internal readonly ZcrxRefillEntry EntryAt(uint position) => _entries[position & _mask];

    /// <summary>The published tail (tests).</summary>
    internal readonly uint PublishedTail => Volatile.Read(ref *_tail);
}
