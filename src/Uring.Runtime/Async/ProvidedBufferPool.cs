using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;

namespace Uring;

/// <summary>
/// A loop's provided buffers: one buffer group registered on the loop's ring (<c>IORING_REGISTER_PBUF_RING</c>, native
/// memory that never moves) that copy-free receives select from, and the bookkeeping of the buffers lent to the
/// application. Created on the loop thread the first time a connection receives into provided buffers.
/// </summary>
/// <remarks>
/// <para><b>Threads.</b> Only the loop thread touches the group (take, recycle). A buffer returned on another thread
/// goes into a list, and one queued work item per batch recycles the list on the loop. Returns are checked with a
/// per-buffer token, so a buffer returned twice throws instead of being offered to the kernel twice.</para>
/// <para><b>Lifetime.</b> Every lent buffer holds the group's memory (<see cref="ProvidedBufferRing.TryAddMemoryHold"/>),
/// and so does every pin of a lent buffer's <see cref="Memory{T}"/>: the loop's shutdown tears the ring (and the group's
/// ring entries) down, but the buffers' memory is freed only once the last lent buffer came back, on the thread that
/// returns it. A return after the shutdown only releases its hold.</para>
/// <para><b>Overflow.</b> When the group is empty and a reader waits with nothing to read, a receive falls back to an
/// overflow block (a pinned array of the same size, kept for reuse) so a connection never waits for buffers other
/// connections hold.</para>
/// </remarks>
internal sealed unsafe class ProvidedBufferPool : LoopWorkItem
{
    /// <summary>
    /// The group id on the loop's ring: the top of the id space, out of the way of groups other code of the loop may
    /// register counting up from 0.
    /// </summary>
    public const ushort GroupId = 0xFFFE;

    private const ulong DrainReturnsTag = 0;
    private const ulong WakeStarvedTag = 1;

    private readonly EventLoop _loop;
    private readonly ProvidedBufferRing _group;
    private readonly SlabMemory _memory;
    private readonly Memory<byte> _all;
    private readonly LentSlot[] _slots;
    private readonly Stack<LentSlot> _overflowFree = new();
    private readonly Lock _returnsLock = new();
    private readonly List<ProvidedReceiver> _starved = new();
    private readonly List<ProvidedReceiver> _waking = new();
    private List<LentSlot> _returns = new();
    private List<LentSlot> _draining = new();
    private bool _drainQueued;
    private bool _wakeQueued;
    private bool _ringGone;
    private int _lent;
    private int _overflowBlocks;
    private int _slabAccounted;

    private ProvidedBufferPool(EventLoop loop, ProvidedBufferRing group)
    {
        _loop = loop;
        _group = group;
        BufferSize = group.BufferSize;
        BufferCount = group.BufferCount;
        // Every buffer's slot up front: the kernel hands buffers out in ring order, so lazily created slots would keep
        // allocating until each buffer had been used once.
        _slots = new LentSlot[BufferCount];
        for (int id = 0; id < BufferCount; id++)
        {
            _slots[id] = new LentSlot(this, id, overflow: null);
        }

        _memory = new SlabMemory(this, group);
        _all = _memory.Memory;
    }

    /// <summary>Bytes per buffer.</summary>
    public int BufferSize { get; }

    /// <summary>Buffers in the group.</summary>
    public int BufferCount { get; }

    /// <summary>Buffers (provided and overflow) lent out and not yet returned. Any thread.</summary>
    public int Lent => Volatile.Read(ref _lent);

    /// <summary>Overflow blocks created so far (tests).</summary>
    public int OverflowBlocks => _overflowBlocks;

    /// <summary>True when the kernel may still have a buffer to pick (loop thread).</summary>
    public bool HasProvidedBuffers => _group.ProvidedCount > 0;

    /// <summary>The group (tests).</summary>
    internal ProvidedBufferRing Group => _group;

    /// <summary>Registers the group on <paramref name="ring"/> (the loop thread, which owns it) and counts its native memory.</summary>
    public static ProvidedBufferPool Create(EventLoop loop, Ring ring, int bufferSize, int bufferCount)
    {
        ProvidedBufferRing group = ring.RegisterProvidedBufferRing(GroupId, bufferCount, bufferSize);
        ProvidedBufferPool pool = new(loop, group);
        loop.AddNativeBytes((long)group.SlabBytes + (long)group.EntryAllocationBytes);
        return pool;
    }

    /// <summary>Prepares a multishot receive on <paramref name="fd"/> that selects from the group.</summary>
    public bool TryPrepareReceive(Ring ring, SqeContext context, int fd) => ring.TryPrepareRecvMultishot(context, fd, GroupId);

    /// <summary>
    /// Lends the buffer a receive completion names (loop thread): takes it from the group and returns its slot, with
    /// the lend's token in <paramref name="token"/>.
    /// </summary>
    public LentSlot LendReceived(int result, CqeFlags flags, out int token)
    {
        ProvidedBuffer taken = _group.Take(result, flags);
        return Lend(in taken, out token);
    }

    /// <summary>The taken buffer becomes a lend: its slot owns it until the application returns it.</summary>
    private LentSlot Lend(in ProvidedBuffer taken, out int token)
    {
        ushort id = taken.Id;
        int length = taken.Length;
        LentSlot slot = _slots[id];

        // The ring is live (this is the loop thread, before the release), so the hold always succeeds.
        _ = _group.TryAddMemoryHold();
        Interlocked.Increment(ref _lent);
        token = slot.Lend(_all.Slice(id * BufferSize, length));
        return slot;
    }

    /// <summary>An overflow block for a fallback receive (loop thread); give it back with <see cref="ReturnUnused"/> or lend it with <see cref="LendOverflow"/>.</summary>
    public LentSlot RentOverflow()
    {
        if (_overflowFree.TryPop(out LentSlot? slot))
        {
            return slot;
        }

        int number = _overflowBlocks++;
        return new LentSlot(this, BufferCount + number, GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true));
    }

    /// <summary>Lends an overflow block that a receive filled with <paramref name="length"/> bytes (loop thread).</summary>
    public int LendOverflow(LentSlot slot, int length)
    {
        Interlocked.Increment(ref _lent);
        return slot.Lend(slot.OverflowMemory(length));
    }

    /// <summary>An overflow block rented but never lent (its receive failed or brought nothing).</summary>
    public void ReturnUnused(LentSlot slot)
    {
        if (!_ringGone)
        {
            _overflowFree.Push(slot);
        }
    }

    /// <summary>
    /// Ends the lend <paramref name="token"/> of <paramref name="slot"/> (any thread): on the loop thread the buffer goes
    /// back to the ring now; elsewhere the loop does it on its next turn; after the shutdown only the memory hold ends.
    /// </summary>
    /// <exception cref="InvalidOperationException">That lend was returned already.</exception>
    public void Return(LentSlot slot, int token)
    {
        if (Interlocked.CompareExchange(ref slot.Token, token + 1, token) != token)
        {
            throw new InvalidOperationException(
                "This lent buffer was returned already (a copy of the same LentBuffer returned twice): each lend is returned exactly once.");
        }

        if (_loop.IsOnLoopThread && !_ringGone)
        {
            Recycle(slot);
            return;
        }

        lock (_returnsLock)
        {
            if (_ringGone)
            {
                Retire(slot);
                return;
            }

            _returns.Add(slot);
            if (_drainQueued)
            {
                return;
            }

            _drainQueued = true;
        }

        // Refused only once the loop's queue closed at shutdown; the release then retires what is in the list.
        _ = _loop.TryQueueWork(this, DrainReturnsTag);
    }

    /// <summary>Waits for buffers (loop thread): <paramref name="receiver"/> is evaluated again when one comes back.</summary>
    public void AddStarved(ProvidedReceiver receiver) => _starved.Add(receiver);

    /// <summary>The receiver no longer waits for buffers (loop thread).</summary>
    public void RemoveStarved(ProvidedReceiver receiver) => _starved.Remove(receiver);

    /// <summary>Runs queued work on the loop: recycles buffers returned elsewhere, or wakes receivers that waited for buffers.</summary>
    internal override void Run(EventLoop loop, object? state, ulong tag)
    {
        if (tag == WakeStarvedTag)
        {
            WakeStarved();
            return;
        }

        List<LentSlot> batch;
        lock (_returnsLock)
        {
            batch = _returns;
            _returns = _draining;
            _draining = batch;
            _drainQueued = false;
            if (_ringGone)
            {
                return; // the release retired them
            }
        }

        foreach (LentSlot slot in batch)
        {
            Recycle(slot);
        }

        batch.Clear();
    }

    /// <summary>
    /// The loop's release, before its ring is torn down: from now on a return only ends its memory hold. Returns still
    /// in the list are retired now.
    /// </summary>
    public void OnRingStopping()
    {
        lock (_returnsLock)
        {
            _ringGone = true;
            foreach (LentSlot slot in _returns)
            {
                Retire(slot);
            }

            _returns.Clear();
        }

        _overflowFree.Clear();
        _starved.Clear();
    }

    /// <summary>The ring is torn down (its stop released the group): the ring entries are gone, and the buffers too unless lent.</summary>
    public void OnRingStopped()
    {
        _loop.AddNativeBytes(-(long)_group.EntryAllocationBytes);
        if (_group.IsSlabFreed)
        {
            AccountSlabFreed();
        }
    }

    /// <summary>Counts the buffers' memory as freed, once (from whichever thread freed it).</summary>
    public void AccountSlabFreed()
    {
        if (Interlocked.Exchange(ref _slabAccounted, 1) == 0)
        {
            _loop.AddNativeBytes(-(long)_group.SlabBytes);
        }
    }

    /// <summary>Back to the ring (loop thread, ring live).</summary>
    private void Recycle(LentSlot slot)
    {
        Interlocked.Decrement(ref _lent);
        if (slot.Overflow is not null)
        {
            _overflowFree.Push(slot);
        }
        else
        {
            _group.Recycle((ushort)slot.Index);
            _ = _group.ReleaseMemoryHold();
        }

        if (_starved.Count > 0 && !_wakeQueued)
        {
            // Evaluated on the loop's next turn, not from inside the return (which may run inside a receiver's completion).
            _wakeQueued = _loop.TryQueueWork(this, WakeStarvedTag);
        }
    }

    /// <summary>A return after the ring is gone (any thread): only the memory hold ends.</summary>
    private void Retire(LentSlot slot)
    {
        Interlocked.Decrement(ref _lent);
        if (slot.Overflow is null && _group.ReleaseMemoryHold())
        {
            AccountSlabFreed();
        }
    }

    private void WakeStarved()
    {
        _wakeQueued = false;
        _waking.AddRange(_starved);
        _starved.Clear();
        foreach (ProvidedReceiver receiver in _waking)
        {
            receiver.OnBuffersReturned();
        }

        _waking.Clear();
    }

    /// <summary>
    /// The group's buffers as one <see cref="Memory{T}"/> (lent buffers are slices of it). Reading it once the memory
    /// was freed throws instead of touching freed memory; pinning it holds the memory like a lend does.
    /// </summary>
    private sealed class SlabMemory : MemoryManager<byte>
    {
        private readonly ProvidedBufferPool _pool;
        private readonly ProvidedBufferRing _group;
        private readonly byte* _slab;
        private readonly int _length;

        public SlabMemory(ProvidedBufferPool pool, ProvidedBufferRing group)
        {
            _pool = pool;
            _group = group;
            _slab = group.SlabAddress;
            _length = checked((int)group.SlabBytes);
        }

        public override Span<byte> GetSpan()
        {
            if (_group.IsSlabFreed)
            {
                ThrowFreed();
            }

            return new Span<byte>(_slab, _length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if ((uint)elementIndex > (uint)_length)
            {
                throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex, $"The buffers hold {_length} bytes.");
            }

            if (!_group.TryAddMemoryHold())
            {
                ThrowFreed();
            }

            return new MemoryHandle(_slab + elementIndex, default, this);
        }

        public override void Unpin()
        {
            if (_group.ReleaseMemoryHold())
            {
                _pool.AccountSlabFreed();
            }
        }

        protected override void Dispose(bool disposing)
        {
            // The group owns the memory.
        }

        private static void ThrowFreed()
            => throw new ObjectDisposedException(nameof(LentBuffer), "The event loop shut down and every lent buffer came back: the provided buffers' memory is freed.");
    }
}
