using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A provided-buffer ring (<c>IORING_REGISTER_PBUF_RING</c>): <see cref="BufferCount"/> buffers of
/// <see cref="BufferSize"/> bytes in native memory this object owns, offered to the kernel as buffer group
/// <see cref="GroupId"/>. Buffer-select requests (<see cref="Ring.TryPrepareRecvBufferSelect"/>,
/// <see cref="Ring.TryPrepareRecvMultishot"/>, <see cref="Ring.TryPrepareRecvBundle"/>,
/// <see cref="Ring.TryPrepareReadMultishot"/>, ...) let the kernel pick a buffer when data arrives; the
/// completion names it (<see cref="CqeFlags.Buffer"/>, id in <c>flags &gt;&gt; 16</c>).
/// Create one with <see cref="Ring.RegisterProvidedBufferRing"/>.
/// </summary>
/// <remarks>
/// <para>Ownership: every buffer is either <em>provided</em> (in the ring: the kernel may fill it) or
/// <em>lent</em> (handed to you by a completion). <see cref="Take(in CqeView)"/> (or
/// <see cref="TakeBundle(in CqeView)"/>) turns a completion into a lent buffer and its bytes;
/// <see cref="Recycle(ushort)"/> gives it back (adds it at the ring tail and publishes the tail with a
/// release store). Recycling a buffer that is already provided throws: that catches a buffer recycled
/// twice, and a completion handled twice. Buffers may be recycled in any order.</para>
/// <para>Incremental rings (<see cref="ProvidedBufferRingFlags.Incremental"/>): a completion with
/// <see cref="CqeFlags.BufferMore"/> used only part of its buffer, which stays provided; the next completion
/// for the same id continues at the following byte. <see cref="Take(in CqeView)"/> tracks the offset and
/// returns exactly the bytes of each completion; the buffer becomes lent with the completion that has no
/// <see cref="CqeFlags.BufferMore"/>.</para>
/// <para>Threads: a single-issuer ring's group is used on the ring's owner thread (checked). A
/// <see cref="RingOptions.MultiIssuers"/> ring's group takes the ring's lock for every call that reads or
/// writes the group's state or ring entries, so it may be used from several threads, and a call racing
/// <see cref="Ring.Stop"/> (or <see cref="Dispose"/>) on another thread either finishes before the memory is
/// freed or throws <see cref="ObjectDisposedException"/>. Taking and recycling allocate nothing.
/// <see cref="Dispose"/> unregisters the group (<c>IORING_UNREGISTER_PBUF_RING</c>) and frees its memory,
/// once, whichever threads call it; <see cref="Ring.Stop"/> frees every group of the ring. No request may
/// still be using the group's buffers then, and the bytes of a taken buffer must be read before. (An
/// <see cref="EventLoop"/>'s group is the exception: buffers it lent out as <see cref="LentBuffer"/>s, whose
/// <see cref="Memory{T}"/> cannot check the group on every access, keep the buffers' memory allocated past the stop
/// until the last of them is returned.)</para>
/// </remarks>
public sealed unsafe partial class ProvidedBufferRing : IDisposable
{
    private const int PageSize = 4096;
    private const byte StateProvided = 0;
    private const byte StateLent = 1;
    private const ushort NoNext = ushort.MaxValue;

    private const int Live = 0;
    private const int DisposedByOwner = 1;
    private const int FreedByRingStop = 2;

    private readonly Ring? _ring;

    // A multi-issuer ring's lock (null otherwise): the ring's Stop frees the group under it.
    private readonly Lock? _gate;
    private readonly byte[] _state;
    private readonly ushort[] _next;
    private readonly int[] _consumed;
    private readonly int[] _lengths;
    private readonly ushort _mask;
    private byte* _slab;
    private IoUringBuf* _entries;
    private nuint _ringBytes;
    private bool _ringMapped;
    private ushort _tail;
    private int _lastAdded = -1;
    private int _provided;

    // Live, or why the memory is gone (which decides the exception's object name). Written once, under _gate.
    private int _released;

    // Set by the first Dispose, so a second one (on any thread) does nothing.
    private int _disposing;

    internal ProvidedBufferRing(Ring? ring, ushort groupId, int bufferCount, int bufferSize, ProvidedBufferRingFlags flags, int minimumLeft)
    {
        _ring = ring;
        _gate = ring?.SubmissionGate;
        GroupId = groupId;
        BufferCount = bufferCount;
        BufferSize = bufferSize;
        Flags = flags;
        MinimumLeft = minimumLeft;
        RingEntries = (int)BitOperations.RoundUpToPowerOf2((uint)bufferCount);
        _mask = (ushort)(RingEntries - 1);
        _state = new byte[bufferCount];
        _next = new ushort[bufferCount];
        _consumed = new int[bufferCount];
        _lengths = new int[bufferCount];
        _next.AsSpan().Fill(NoNext);

        nuint slabBytes = (nuint)bufferCount * (nuint)bufferSize;
        _slab = (byte*)NativeMemory.AlignedAlloc(slabBytes, PageSize);
        NativeMemory.Clear(_slab, slabBytes);
        _ringBytes = (nuint)(RingEntries * sizeof(IoUringBuf));
        if ((flags & ProvidedBufferRingFlags.KernelAllocated) == 0)
        {
            nuint ringAllocation = (_ringBytes + PageSize - 1) & ~(nuint)(PageSize - 1);
            _entries = (IoUringBuf*)NativeMemory.AlignedAlloc(ringAllocation, PageSize);
            NativeMemory.Clear(_entries, ringAllocation);
        }
    }

    /// <summary>The buffer group id (<c>bgid</c>) requests select from.</summary>
    public ushort GroupId { get; }

    /// <summary>How many buffers the group owns (ids 0 to <see cref="BufferCount"/> - 1).</summary>
    public int BufferCount { get; }

    /// <summary>Bytes per buffer.</summary>
    public int BufferSize { get; }

    /// <summary>Ring entries: <see cref="BufferCount"/> rounded up to a power of two (at most 32768).</summary>
    public int RingEntries { get; }

    /// <summary>The flags the group was registered with.</summary>
    public ProvidedBufferRingFlags Flags { get; }

    /// <summary>True for an incremental ring (<c>IOU_PBUF_RING_INC</c>).</summary>
    public bool IsIncremental => (Flags & ProvidedBufferRingFlags.Incremental) != 0;

    /// <summary>The <c>min_left</c> the group was registered with (0 = none).</summary>
    public int MinimumLeft { get; }

    /// <summary>
    /// Buffers currently provided (in the ring). It counts buffers the kernel already filled whose
    /// completion was not taken yet, so the kernel may have fewer left.
    /// </summary>
    public int ProvidedCount => _provided;

    /// <summary>True after <see cref="Dispose"/> or the ring's <see cref="Ring.Stop"/>.</summary>
    public bool IsDisposed => Volatile.Read(ref _released) != Live;

    /// <summary>The address of the ring entries (what the kernel reads).</summary>
    internal ulong RingAddress => (ulong)_entries;

    internal nuint RingBytes => _ringBytes;

    /// <summary>The whole memory of buffer <paramref name="bufferId"/>, lent or not.</summary>
    /// <remarks>
    /// The span is a view of native memory and does not keep it alive (only the event loop's lent buffers, handed out as
    /// <see cref="Memory{T}"/>, hold it): once the group is disposed or its ring stopped, using the span touches freed
    /// memory. Finish every use
    /// before another thread can dispose the group or stop a <see cref="RingOptions.MultiIssuers"/> ring.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferId"/> is not a buffer of this group.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public Span<byte> GetBuffer(ushort bufferId)
    {
        using LockScope held = Enter();
        ValidateId(bufferId);
        return new Span<byte>(_slab + ((nuint)bufferId * (nuint)BufferSize), BufferSize);
    }

    /// <summary>True if buffer <paramref name="bufferId"/> is provided (in the ring), false if it is lent to you.</summary>
    public bool IsProvided(ushort bufferId)
    {
        using LockScope held = Enter();
        ValidateId(bufferId);
        return _state[bufferId] == StateProvided;
    }

    /// <summary>Gives a lent buffer back to the kernel: adds it at the ring tail and publishes the tail.</summary>
    /// <exception cref="InvalidOperationException">The buffer is already provided (recycled twice, or never taken).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferId"/> is not a buffer of this group.</exception>
    [RecyclesProvidedBuffer]
    public void Recycle(ushort bufferId)
    {
        using LockScope held = Enter();
        AddCore(bufferId, BufferSize);
        PublishCore();
    }

    /// <summary>
    /// Gives back the buffer of <paramref name="buffer"/> (see <see cref="Recycle(ushort)"/>). Does nothing for a
    /// handle whose buffer is <see cref="ProvidedBuffer.StillProvided"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffer is already provided (recycled twice).</exception>
    [RecyclesProvidedBuffer]
    public void Recycle(in ProvidedBuffer buffer)
    {
        if (!buffer.StillProvided)
        {
            Recycle(buffer.Id);
        }
    }

    /// <summary>Gives back every lent buffer of <paramref name="bundle"/> and publishes the tail once.</summary>
    /// <exception cref="InvalidOperationException">A buffer of the bundle is already provided (recycled twice).</exception>
    [RecyclesProvidedBuffer]
    public void Recycle(in ProvidedBufferBundle bundle)
    {
        if (bundle.Owner != this)
        {
            throw new ArgumentException("The bundle belongs to another buffer group.", nameof(bundle));
        }

        int lent = bundle.LastStillProvided ? bundle.Count - 1 : bundle.Count;
        if (lent <= 0)
        {
            return;
        }

        using LockScope held = Enter();
        ushort id = bundle.StartId;
        for (int i = 0; i < lent; i++)
        {
            ushort following = _next[id];
            AddCore(id, BufferSize);
            id = following;
        }

        PublishCore();
    }

    /// <summary>
    /// Adds a lent buffer at the ring tail without publishing it: the kernel sees it after
    /// <see cref="Publish"/>. Batch several adds into one publish this way.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffer is already provided.</exception>
    public void Add(ushort bufferId) => Add(bufferId, BufferSize);

    /// <summary>
    /// Adds a lent buffer at the ring tail as an entry of <paramref name="length"/> bytes, without publishing
    /// it. A receive fills at most that many bytes; a send bundle (<see cref="Ring.TryPrepareSendBundle"/>) sends
    /// exactly those bytes, so write the data into <see cref="GetBuffer"/> first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffer is already provided.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not in [1, <see cref="BufferSize"/>].</exception>
    public void Add(ushort bufferId, int length)
    {
        if (length < 1 || length > BufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"An entry of group {GroupId} holds 1 to {BufferSize} bytes.");
        }

        using LockScope held = Enter();
        AddCore(bufferId, length);
    }

    /// <summary>Publishes the buffers added since the last publish (release store of the ring tail).</summary>
    /// <exception cref="ObjectDisposedException">The group was disposed, or its ring stopped.</exception>
    public void Publish()
    {
        using LockScope held = Enter();
        PublishCore();
    }

    /// <summary>The add, inside <see cref="Enter"/>: an entry of <paramref name="length"/> bytes.</summary>
    private void AddCore(ushort bufferId, int length)
    {
        ValidateId(bufferId);
        if (_state[bufferId] != StateLent)
        {
            throw new InvalidOperationException(
                $"Buffer {bufferId} of group {GroupId} is already provided to the kernel: it was recycled twice, or recycled without being taken from a completion.");
        }

        _state[bufferId] = StateProvided;
        WriteEntry(bufferId, length);
    }

    /// <summary>The tail's release store, inside <see cref="Enter"/> (or while registering).</summary>
    private void PublishCore() => Volatile.Write(ref *(ushort*)((byte*)_entries + IoUringBuf.TailOffset), _tail);

    /// <summary>
    /// The kernel's consumer position in the ring (<c>IORING_REGISTER_PBUF_STATUS</c>): how many entries it
    /// has taken, modulo 65536. A system call; meant for diagnostics and tests.
    /// </summary>
    /// <exception cref="UringException">The kernel refused.</exception>
    /// <exception cref="InvalidOperationException">The group has no ring behind it.</exception>
    public int ReadKernelHead()
    {
        ThrowIfReleased();
        if (_ring is null)
        {
            throw new InvalidOperationException("This buffer group is not registered with a kernel ring.");
        }

        return _ring.ReadProvidedBufferHead(GroupId);
    }

    /// <summary>
    /// The ring tail: how many entries were ever added, modulo 65536 (the kernel's tail is a u16), including
    /// entries added with <see cref="Add(ushort)"/> but not yet published.
    /// </summary>
    public int Tail => _tail;

    /// <summary>
    /// Unregisters the group (<c>IORING_UNREGISTER_PBUF_RING</c>) and frees its memory. Idempotent and
    /// thread-safe: only the first call does anything, also when several threads call it at once (a later
    /// call returns at once). No request may still be selecting from the group.
    /// </summary>
    /// <exception cref="UringException">The kernel refused to unregister; the memory is kept (the ring frees it when it stops) and Dispose may be called again.</exception>
    /// <exception cref="InvalidOperationException">A live single-issuer ring's group is disposed from a thread that does not own the ring.</exception>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        if (_ring is { IsStopped: false } ring)
        {
            ring.EnsureIssuerThread();
        }

        if (Interlocked.CompareExchange(ref _disposing, 1, 0) != 0)
        {
            return;
        }

        try
        {
            _ring?.UnregisterProvidedBufferRing(this);
        }
        catch
        {
            Volatile.Write(ref _disposing, 0); // still registered and usable: a later Dispose may try again
            throw;
        }

        Release(ringStopped: false);
    }

    /// <summary>Called once the kernel maps the ring (<see cref="ProvidedBufferRingFlags.KernelAllocated"/>).</summary>
    internal void AttachMappedRing(void* entries)
    {
        _entries = (IoUringBuf*)entries;
        _ringMapped = true;
    }

    /// <summary>Provides every buffer, in id order, and publishes them.</summary>
    internal void ProvideAll()
    {
        for (int id = 0; id < BufferCount; id++)
        {
            WriteEntry((ushort)id, BufferSize);
        }

        PublishCore();
    }

    /// <summary>Marks every buffer lent and leaves the ring empty (a group to send from).</summary>
    internal void LendAll()
    {
        _state.AsSpan().Fill(StateLent);
        _provided = 0;
    }

    /// <summary>
    /// Frees the memory (after unregistering, or when the ring stops: <paramref name="ringStopped"/>), exactly
    /// once. Under a multi-issuer ring's lock, so no call of another thread is inside the memory meanwhile.
    /// </summary>
    internal void Release(bool ringStopped)
    {
        Lock? gate = _gate;
        gate?.Enter();
        try
        {
            if (Interlocked.CompareExchange(ref _released, ringStopped ? FreedByRingStop : DisposedByOwner, Live) == Live)
            {
                FreeMemory();
            }
        }
        finally
        {
            gate?.Exit();
        }
    }

    private void FreeMemory()
    {
        if (_entries != null)
        {
            if (_ringMapped)
            {
                Syscalls.Unmap(_entries, _ringBytes);
            }
            else
            {
                NativeMemory.AlignedFree(_entries);
            }

            _entries = null;
        }

        // The buffers themselves wait for the last memory hold (MemoryHolds.cs): a view handed out as Memory<byte>
        // cannot be checked on every access the way a ProvidedBuffer is.
        ReleaseSlab();
    }

    /// <summary>A group over native memory with no kernel behind it (unit tests play the kernel with synthetic completions).</summary>
    internal static ProvidedBufferRing CreateDetached(ushort groupId, int bufferCount, int bufferSize, ProvidedBufferRingFlags flags = ProvidedBufferRingFlags.None)
    {
        ProvidedBufferRing group = new(null, groupId, bufferCount, bufferSize, flags & ~ProvidedBufferRingFlags.KernelAllocated, 0);
        group.ProvideAll();
        return group;
    }

    /// <summary>The buffer id the ring entry at position <paramref name="position"/> holds (tests).</summary>
    internal ushort EntryBufferId(int position) => _entries[position & _mask].BufferId;

    /// <summary>The buffer added right after <paramref name="bufferId"/> (ring order).</summary>
    internal ushort NextInRing(ushort bufferId)
    {
        using LockScope held = Enter();
        return _next[bufferId];
    }

    /// <summary>The length buffer <paramref name="bufferId"/> had when it was last added to the ring.</summary>
    internal int EntryLength(ushort bufferId)
    {
        ThrowIfReleased();
        return _lengths[bufferId];
    }

    /// <summary>The memory of buffer <paramref name="bufferId"/>; throws once the group's memory is freed, so a borrowed view never reads freed memory.</summary>
    internal byte* BufferAddress(ushort bufferId)
    {
        ThrowIfReleased();
        return _slab + ((nuint)bufferId * (nuint)BufferSize);
    }

    private void WriteEntry(ushort bufferId, int length)
    {
        // Member by member: the tail lives in the reserved bytes of entry 0.
        IoUringBuf* entry = _entries + (_tail & _mask);
        entry->Address = (ulong)(_slab + ((nuint)bufferId * (nuint)BufferSize));
        entry->Length = (uint)length;
        _lengths[bufferId] = length;
        entry->BufferId = bufferId;
        _tail++;
        _consumed[bufferId] = 0;
        _next[bufferId] = NoNext;
        if (_lastAdded >= 0)
        {
            _next[_lastAdded] = bufferId;
        }

        _lastAdded = bufferId;
        _provided++;
    }

    private void MarkLent(ushort bufferId)
    {
        _state[bufferId] = StateLent;
        _provided--;
    }

    private InvalidOperationException NotProvided(ushort id)
        => new($"Buffer {id} of group {GroupId} is not provided to the kernel but lent to you: the completion was taken twice, or belongs to another group.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ValidateId(ushort bufferId)
    {
        if (bufferId >= BufferCount)
        {
            ThrowBadId(bufferId);
        }
    }

    private void ThrowBadId(ushort bufferId)
        => throw new ArgumentOutOfRangeException(nameof(bufferId), bufferId, $"Group {GroupId} has buffers 0 to {BufferCount - 1}.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfReleased()
    {
        if (Volatile.Read(ref _released) != Live)
        {
            ThrowReleased();
        }
    }

    /// <summary>
    /// Checks the group is usable and, on a multi-issuer ring, holds the ring's lock until the scope ends, so
    /// neither the ring's <see cref="Ring.Stop"/> nor another thread's <see cref="Dispose"/> frees the memory
    /// meanwhile (both free it under that lock).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The group was disposed, or its ring stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer ring's group is used from a thread that does not own the ring.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LockScope Enter()
    {
        ThrowIfReleased();
        _ring?.EnsureIssuerThread();
        Lock? gate = _gate;
        if (gate is not null)
        {
            gate.Enter();
            if (Volatile.Read(ref _released) != Live)
            {
                gate.Exit();
                ThrowReleased();
            }
        }

        return new LockScope(gate);
    }

    private void ThrowReleased()
    {
        if (Volatile.Read(ref _released) == FreedByRingStop)
        {
            throw new ObjectDisposedException(
                nameof(Ring),
                $"The ring was stopped; buffer group {GroupId}'s memory was freed with it. Read a taken buffer's bytes, and recycle it, "
                + "before stopping the ring.");
        }

        throw new ObjectDisposedException(
            nameof(ProvidedBufferRing),
            $"Buffer group {GroupId} was disposed and its memory freed: read a taken buffer's bytes before disposing the group.");
    }
}
