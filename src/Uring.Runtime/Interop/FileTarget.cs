using System;

namespace Uring;

/// <summary>The three places a <see cref="FileTarget"/> can name.</summary>
public enum FileTargetKind
{
    /// <summary>A process file descriptor (<c>file_index</c> = 0). The completion's result is the new fd.</summary>
    Descriptor,

    /// <summary>A registered-file slot chosen by the caller (<c>file_index</c> = slot + 1). The completion's result is 0.</summary>
    Slot,

    /// <summary>
    /// A free registered-file slot the kernel picks (<c>file_index</c> = <c>IORING_FILE_INDEX_ALLOC</c>). The
    /// completion's result is the 0-based slot.
    /// </summary>
    AnySlot,
}

/// <summary>
/// Where an op that creates a file (socket, accept, openat, openat2, pipe, and the file that msg_ring passes
/// to another ring) puts it: the SQE's <c>file_index</c>.
/// <list type="bullet">
/// <item><see cref="Descriptor"/> (the default): an ordinary process fd. The completion's result is the new
/// fd (pipe: 0, and the two fds are written to its result array).</item>
/// <item><see cref="Slot(uint)"/>: registered-file slot <c>n</c> (a "direct descriptor"), replacing what
/// the slot held. No process fd is created; later ops name the file by its slot with
/// <see cref="OpOptions.FixedFile"/>. The completion's result is 0 (pipe: the ends go to slots n and n + 1).</item>
/// <item><see cref="AnySlot"/>: a free registered-file slot the kernel picks, from the range set with
/// <see cref="Ring.SetFileAllocRange"/> if any. The completion's result is the 0-based slot, or
/// <c>-ENFILE</c> when none is free (pipe: 0, and the two slots are written to its result array).</item>
/// </list>
/// The slots belong to the ring's registered-file table, which must exist first
/// (<see cref="Ring.RegisterFilesSparse"/>): without one, a slot target completes with <c>-ENXIO</c> or
/// <c>-ENFILE</c>.
/// </summary>
/// <remarks>
/// <para>
/// Close-on-exec belongs to process descriptors only. A slot is not in the process's descriptor table, so
/// it can never leak into a program started with <c>execve</c>, and the kernel refuses
/// <c>O_CLOEXEC</c>/<c>SOCK_CLOEXEC</c> for a slot target (<c>-EINVAL</c>). The ops therefore send the
/// close-on-exec bit of their flags only for a <see cref="Descriptor"/> target and clear it for the other
/// two, so the same flags (for example <see cref="SocketSpec.Tcp4"/>, or accept's default
/// <see cref="AcceptFlags.NonBlock"/> | <see cref="AcceptFlags.CloseOnExec"/>) work for every target. A
/// slot later installed as a process fd with <see cref="Ring.TryPrepareFixedFdInstall"/> is close-on-exec
/// unless that op is asked otherwise.
/// </para>
/// <para>
/// This is a different concept from <see cref="OpOptions.FixedFile"/>, which makes an op's <em>input</em>
/// fd a slot number.
/// </para>
/// </remarks>
public readonly struct FileTarget : IEquatable<FileTarget>
{
    /// <summary><c>O_CLOEXEC</c> (= <c>SOCK_CLOEXEC</c>): the bit a slot target clears from an op's flags.</summary>
    internal const ulong CloseOnExecBit = 0x80000;

    private FileTarget(uint fileIndex) => FileIndex = fileIndex;

    /// <summary>An ordinary process file descriptor, the default (<c>file_index</c> = 0).</summary>
    public static FileTarget Descriptor => default;

    /// <summary>
    /// A free registered-file slot the kernel picks (<c>file_index</c> = <c>IORING_FILE_INDEX_ALLOC</c>,
    /// 0xFFFFFFFF). The completion's result is the 0-based slot it picked.
    /// </summary>
    public static FileTarget AnySlot => new(SqeEncoding.FileIndexAlloc);

    /// <summary>What this target names.</summary>
    public FileTargetKind Kind => FileIndex switch
    {
        0 => FileTargetKind.Descriptor,
        SqeEncoding.FileIndexAlloc => FileTargetKind.AnySlot,
        _ => FileTargetKind.Slot,
    };

    /// <summary>True for <see cref="Slot(uint)"/> and <see cref="AnySlot"/>: the file goes into the registered-file table.</summary>
    public bool IsSlot => FileIndex != 0;

    /// <summary>The slot of a <see cref="Slot(uint)"/> target.</summary>
    /// <exception cref="InvalidOperationException">The target is <see cref="Descriptor"/> or <see cref="AnySlot"/>, which name no slot in advance.</exception>
    public uint SlotIndex => Kind == FileTargetKind.Slot
        ? FileIndex - 1
        : throw new InvalidOperationException($"{this} names no slot in advance; only FileTarget.Slot(n) does.");

    /// <summary>The SQE's <c>file_index</c> for this target: 0, slot + 1, or <c>IORING_FILE_INDEX_ALLOC</c>.</summary>
    public uint FileIndex { get; }

    /// <summary>Registered-file slot <paramref name="slot"/> (<c>file_index</c> = slot + 1), replacing what the slot held.</summary>
    /// <param name="slot">The 0-based slot, 0 to <see cref="SqeEncoding.MaxDirectSlot"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="slot"/> is above <see cref="SqeEncoding.MaxDirectSlot"/>: slot + 1 would be the
    /// allocate sentinel or wrap to 0. Use <see cref="AnySlot"/> to let the kernel pick.
    /// </exception>
    public static FileTarget Slot(uint slot)
    {
        SqeEncoding.ValidateDirectSlot(slot, nameof(slot));
        return new FileTarget(slot + 1);
    }

    /// <inheritdoc/>
    public bool Equals(FileTarget other) => FileIndex == other.FileIndex;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FileTarget other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => FileIndex.GetHashCode();

    /// <summary>"Descriptor", "Slot(n)" or "AnySlot".</summary>
    public override string ToString() => Kind switch
    {
        FileTargetKind.Descriptor => nameof(Descriptor),
        FileTargetKind.AnySlot => nameof(AnySlot),
        _ => $"Slot({FileIndex - 1})",
    };

    /// <summary>True when both name the same place.</summary>
    public static bool operator ==(FileTarget left, FileTarget right) => left.Equals(right);

    /// <summary>True when the two name different places.</summary>
    public static bool operator !=(FileTarget left, FileTarget right) => !left.Equals(right);
}
