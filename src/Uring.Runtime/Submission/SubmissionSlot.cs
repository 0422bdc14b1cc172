using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Uring;

/// <summary>
/// A reserved submission queue entry, as a <see cref="SqeFiller{TState}"/> receives it inside
/// <see cref="Ring.TryPrepare{TState}"/>: fill <see cref="Sqe"/> and stage consume-time data through it. It is valid
/// only while the filler runs; the prepare call publishes it afterwards. Generated prep methods fill it the same way.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public unsafe ref struct SubmissionSlot
{
    /// <summary>Offset of the inline command bytes (<c>cmd[]</c>) in an SQE.</summary>
    public const int CommandOffset = 48;

    // The staging arena and the SQE size are the owner's (read when a filler stages or writes a command, not stored in
    // every reservation: the fewer fields a prep method fills, the cheaper each prep).
    private readonly IoUringSqe* _sqe;
    private int _stageUsed;

    internal SubmissionSlot(Ring owner, IoUringSqe* sqe, uint tail, uint ticket, uint index)
    {
        Owner = owner;
        _sqe = sqe;
        Tail = tail;
        Ticket = ticket;
        Index = index;
        _stageUsed = 0;
    }

    /// <summary>The ring the slot was reserved on (null for the default value): only that ring may publish it.</summary>
    internal readonly Ring? Owner { get; }

    /// <summary>The full 32-bit SQ tail at reservation: publishing requires the ring's tail to be still there.</summary>
    internal readonly uint Tail { get; }

    /// <summary>The ring's number for this reservation (never 0): a later reservation of the same tail makes this one stale.</summary>
    internal readonly uint Ticket { get; }

    /// <summary>Bytes of inline command data this SQE holds: 16, or 80 in a 128-byte SQE.</summary>
    public readonly int CommandCapacity => (Owner is null ? 0 : Owner.SqeBytes) - CommandOffset;

    /// <summary>The SQ slot index (tail &amp; mask).</summary>
    public uint Index { get; }

    /// <summary>True when the slot was reserved (not the default value).</summary>
    public readonly bool IsReserved => _sqe != null;

    /// <summary>The zeroed SQE to fill (64 bytes; 128-byte rings zero the second half too).</summary>
    public readonly ref IoUringSqe Sqe => ref *_sqe;

    /// <summary>Copies <paramref name="value"/> into the slot's staging; returns its address for an SQE field.</summary>
    public ulong Stage<T>(scoped in T value) where T : unmanaged
    {
        byte* destination = Allocate(sizeof(T), 8);
        Unsafe.WriteUnaligned(destination, value);
        return (ulong)destination;
    }

    /// <summary>Copies <paramref name="values"/> into the slot's staging; returns the address (0 for an empty span).</summary>
    public ulong Stage<T>(scoped ReadOnlySpan<T> values) where T : unmanaged
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        int bytes = checked(values.Length * sizeof(T));
        byte* destination = Allocate(bytes, 8);
        MemoryMarshal.AsBytes(values).CopyTo(new Span<byte>(destination, bytes));
        return (ulong)destination;
    }

    /// <summary>Copies <paramref name="values"/> (writable span overload).</summary>
    public ulong Stage<T>(scoped Span<T> values) where T : unmanaged => Stage((ReadOnlySpan<T>)values);

    /// <summary>Stages a duration as a <c>__kernel_timespec</c>; returns its address.</summary>
    public ulong StageTimespec(TimeSpan duration) => Stage(KernelTimespec.FromTimeSpan(duration));

    /// <summary>
    /// Stages <paramref name="path"/> as NUL-terminated UTF-8; returns its address. Call
    /// <see cref="SqeEncoding.ValidatePath(ReadOnlySpan{char}, string)"/> before reserving the slot so bad input loses nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> holds a lone surrogate (when it was not validated first).</exception>
    public ulong StagePath(scoped ReadOnlySpan<char> path)
    {
        // Strict again, for hand-written callers that skipped ValidatePath: a lone surrogate must never be
        // replaced by U+FFFD on its way to the kernel.
        int bytes = StrictUtf8.ByteCount(path, nameof(path), "path");
        byte* destination = Allocate(bytes + 1, 1);
        int written = Encoding.UTF8.GetBytes(path, new Span<byte>(destination, bytes));
        destination[written] = 0;
        return (ulong)destination;
    }

    /// <summary>Stages a NUL-terminated copy of UTF-8 bytes (validated with <see cref="SqeEncoding.ValidatePath(ReadOnlySpan{byte}, string)"/>).</summary>
    public ulong StagePath(scoped ReadOnlySpan<byte> utf8Path)
    {
        byte* destination = Allocate(utf8Path.Length + 1, 1);
        utf8Path.CopyTo(new Span<byte>(destination, utf8Path.Length));
        destination[utf8Path.Length] = 0;
        return (ulong)destination;
    }

    /// <summary>
    /// Copies <paramref name="command"/> into the SQE's inline <c>cmd[]</c> area (+48), which the kernel
    /// reads with the SQE. Validate with <see cref="SqeEncoding.ValidateCommand"/> before reserving.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit this SQE.</exception>
    public readonly void WriteCommand(scoped ReadOnlySpan<byte> command)
    {
        if (command.Length > CommandCapacity)
        {
            throw new ArgumentException($"{command.Length} bytes of command data do not fit the {CommandCapacity} bytes of this SQE.", nameof(command));
        }

        command.CopyTo(new Span<byte>((byte*)_sqe + CommandOffset, command.Length));
    }

    private byte* Allocate(int size, int alignment)
    {
        SlotStagingArena? arena = _sqe == null ? null : Owner?.Staging;
        if (arena is null)
        {
            throw new InvalidOperationException("This submission slot was not reserved.");
        }

        int start = (_stageUsed + alignment - 1) & ~(alignment - 1);
        if (start + size <= SlotStagingArena.InlineSize)
        {
            _stageUsed = start + size;
            return arena.InlineFor(Index) + start;
        }

        return arena.AllocateOverflow(Index, size);
    }
}
