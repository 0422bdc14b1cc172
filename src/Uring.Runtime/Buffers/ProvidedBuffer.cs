using System;

namespace Uring;

/// <summary>
/// A provided buffer taken from a completion (<see cref="ProvidedBufferRing.Take(in CqeView)"/>): its id and the
/// bytes the completion delivered. A borrowed view of ring-owned memory: use the bytes, then give the buffer
/// back with <see cref="ProvidedBufferRing.Recycle(in ProvidedBuffer)"/>; do not keep the span afterwards.
/// </summary>
[BorrowedView]
public readonly unsafe ref struct ProvidedBuffer
{
    private readonly ProvidedBufferRing? _owner;
    private readonly byte* _data;
    private readonly int _length;

    internal ProvidedBuffer(ProvidedBufferRing? owner, ushort id, byte* data, int length, int offset, bool stillProvided)
    {
        _owner = owner;
        Id = id;
        _data = data;
        _length = length;
        Offset = offset;
        StillProvided = stillProvided;
    }

    /// <summary>The buffer id (<c>bid</c>).</summary>
    public ushort Id { get; }

    /// <summary>
    /// The bytes the completion delivered. Checked on every read: once the buffer's group was disposed (or its
    /// ring stopped) the memory is freed, and reading it throws instead of touching freed memory.
    /// </summary>
    /// <remarks>
    /// The check is made when the span is taken; the span itself does not keep the memory alive. Finish using it before
    /// another thread can dispose the group or stop a <see cref="RingOptions.MultiIssuers"/> ring.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The buffer's <see cref="ProvidedBufferRing"/> was disposed, or its ring stopped.</exception>
    public Span<byte> Data
    {
        get
        {
            _owner?.ThrowIfReleased();
            return new Span<byte>(_data, _length);
        }
    }

    /// <summary>Where <see cref="Data"/> starts inside the buffer (nonzero only on incremental rings).</summary>
    public int Offset { get; }

    /// <summary>The number of bytes delivered.</summary>
    public int Length => _length;

    /// <summary>
    /// True when the buffer stays with the kernel: an incremental ring's partial fill
    /// (<see cref="CqeFlags.BufferMore"/>), or a failed request that committed no buffer. Recycling such a
    /// handle does nothing.
    /// </summary>
    [NothingLentWhenTrue]
    public bool StillProvided { get; }
}

/// <summary>
/// The buffers of one bundle receive (<see cref="ProvidedBufferRing.TakeBundle(in CqeView)"/>):
/// <see cref="TotalBytes"/> bytes spread over <see cref="Count"/> consecutive ring entries, starting at buffer
/// <see cref="StartId"/>. Every buffer is full except possibly the last (and, on an incremental ring, the first
/// starts where the previous completion stopped). Ring wrap-around and buffers recycled out of order are
/// handled: the ids follow the order in which buffers were added to the ring. A borrowed view: recycle the
/// bundle (<see cref="Recycle"/>) after reading it and do not use it afterwards.
/// </summary>
[BorrowedView]
public readonly ref struct ProvidedBufferBundle
{
    internal ProvidedBufferBundle(ProvidedBufferRing owner, ushort startId, int count, int totalBytes, int firstOffset, bool lastStillProvided)
    {
        Owner = owner;
        StartId = startId;
        Count = count;
        TotalBytes = totalBytes;
        FirstOffset = firstOffset;
        LastStillProvided = lastStillProvided;
    }

    /// <summary>The id of the first buffer (<c>flags &gt;&gt; 16</c> of the completion).</summary>
    public ushort StartId { get; }

    /// <summary>How many buffers the bytes reach (0 for an empty or failed completion).</summary>
    public int Count { get; }

    /// <summary>The bytes received (the completion's result).</summary>
    public int TotalBytes { get; }

    /// <summary>True when the last buffer stays provided (incremental ring, <see cref="CqeFlags.BufferMore"/>).</summary>
    public bool LastStillProvided { get; }

    /// <summary>True when the bundle holds no bytes.</summary>
    public bool IsEmpty => Count == 0;

    internal ProvidedBufferRing? Owner { get; }

    internal int FirstOffset { get; }

    /// <summary>The id of buffer <paramref name="index"/> of the bundle.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ushort BufferId(int index)
    {
        CheckIndex(index);
        ushort id = StartId;
        for (int i = 0; i < index; i++)
        {
            id = Owner!.NextInRing(id);
        }

        return id;
    }

    /// <summary>The bytes of buffer <paramref name="index"/> of the bundle (the last one may be partial).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public Span<byte> Buffer(int index)
    {
        ushort id = BufferId(index);
        return Slice(index, id);
    }

    /// <summary>Copies the received bytes, in order, into <paramref name="destination"/>; returns how many were copied.</summary>
    public int CopyTo(Span<byte> destination)
    {
        int copied = 0;
        foreach (ProvidedBuffer part in this)
        {
            int n = Math.Min(part.Length, destination.Length - copied);
            part.Data[..n].CopyTo(destination[copied..]);
            copied += n;
            if (copied == destination.Length)
            {
                break;
            }
        }

        return copied;
    }

    /// <summary>Gives every lent buffer of the bundle back to its ring (same as <see cref="ProvidedBufferRing.Recycle(in ProvidedBufferBundle)"/>).</summary>
    [RecyclesProvidedBuffer]
    public void Recycle()
    {
        if (Owner is not null && Count > 0)
        {
            Owner.Recycle(this);
        }
    }

    /// <summary>Enumerates the buffers in order, as (id, bytes) pairs.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>The length of buffer <paramref name="index"/>'s bytes.</summary>
    /// <remarks>
    /// Every buffer but the last is used to the length it had in the ring (the whole buffer for a receive
    /// ring; what was added for a send ring); the last holds what the others did not.
    /// </remarks>
    internal int LengthOf(int index, ushort id)
    {
        if (index < Count - 1)
        {
            return Owner!.EntryLength(id) - (index == 0 ? FirstOffset : 0);
        }

        int before = 0;
        ushort walk = StartId;
        for (int i = 0; i < index; i++)
        {
            before += Owner!.EntryLength(walk) - (i == 0 ? FirstOffset : 0);
            walk = Owner.NextInRing(walk);
        }

        return TotalBytes - before;
    }

    internal unsafe Span<byte> Slice(int index, ushort id) => new(AddressOf(index, id), LengthOf(index, id));

    /// <summary>Where buffer <paramref name="index"/>'s bytes start (throws once the group's memory is freed).</summary>
    internal unsafe byte* AddressOf(int index, ushort id) => Owner!.BufferAddress(id) + (index == 0 ? FirstOffset : 0);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The bundle has {Count} buffers.");
        }
    }

    /// <summary>Walks a bundle's buffers without allocating.</summary>
    public ref struct Enumerator
    {
        private readonly ProvidedBufferBundle _bundle;
        private int _index;
        private ushort _id;

        internal Enumerator(ProvidedBufferBundle bundle)
        {
            _bundle = bundle;
            _index = -1;
            _id = bundle.StartId;
        }

        /// <summary>The current buffer: its id and bytes.</summary>
        public readonly unsafe ProvidedBuffer Current
            => new(_bundle.Owner, _id, _bundle.AddressOf(_index, _id), _bundle.LengthOf(_index, _id), _index == 0 ? _bundle.FirstOffset : 0,
                stillProvided: _bundle.LastStillProvided && _index == _bundle.Count - 1);

        /// <summary>Moves to the next buffer.</summary>
        public bool MoveNext()
        {
            if (_index + 1 >= _bundle.Count)
            {
                return false;
            }

            if (_index >= 0)
            {
                _id = _bundle.Owner!.NextInRing(_id);
            }

            _index++;
            return true;
        }
    }
}
