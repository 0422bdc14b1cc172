using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Uring;

/// <summary>
/// Encoding helpers the generated prep methods call, so generated code needs no <c>unsafe</c> context.
/// Validation helpers run <em>before</em> a slot is reserved: bad input throws and nothing is lost.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public static unsafe class SqeEncoding
{
    /// <summary><c>PATH_MAX</c>, including the terminating NUL.</summary>
    public const int PathMax = 4096;

    /// <summary>The address of a span's memory, for a field the kernel reads or writes until the CQE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddressOf<T>(ReadOnlySpan<T> span) where T : unmanaged
        => (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    /// <summary>The address of a span's memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddressOf<T>(Span<T> span) where T : unmanaged
        => (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    /// <summary>
    /// Rejects a path with an embedded NUL, a lone UTF-16 surrogate, or more than <see cref="PathMax"/> - 1
    /// UTF-8 bytes. A lone surrogate has no UTF-8 form: encoding it would substitute U+FFFD and name a
    /// different file, so it is refused instead. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The path contains NUL or a lone surrogate, or is too long.</exception>
    public static void ValidatePath(ReadOnlySpan<char> path, string parameterName)
    {
        if (path.Contains('\0'))
        {
            throw new ArgumentException("A path must not contain a NUL character.", parameterName);
        }

        int bytes = StrictUtf8.ByteCount(path, parameterName, parameterName);
        if (bytes >= PathMax)
        {
            throw new ArgumentException($"The path is {bytes} UTF-8 bytes; the kernel accepts at most {PathMax - 1} (PATH_MAX).", parameterName);
        }
    }

    /// <summary>The highest registered-file slot <see cref="FileTarget.Slot(uint)"/> and <see cref="Ring.TryPrepareCloseDirect"/> accept: slot + 1 must stay below <c>IORING_FILE_INDEX_ALLOC</c>.</summary>
    public const uint MaxDirectSlot = FileIndexAlloc - 2;

    /// <summary><c>IORING_FILE_INDEX_ALLOC</c>: the <c>file_index</c> value that asks the kernel to pick a free slot.</summary>
    internal const uint FileIndexAlloc = 0xFFFF_FFFF;

    /// <summary>
    /// Rejects a direct-descriptor slot that <c>file_index</c> = slot + 1 cannot carry: a negative slot, or
    /// one at or above <c>IORING_FILE_INDEX_ALLOC</c> - 1, whose slot + 1 would be the allocate sentinel or
    /// wrap to 0 (an ordinary fd instead of a direct descriptor).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is not in [0, <see cref="MaxDirectSlot"/>].</exception>
    public static void ValidateDirectSlot(long slot, string parameterName)
    {
        if ((ulong)slot > MaxDirectSlot)
        {
            ThrowBadDirectSlot(slot, parameterName);
        }
    }

    /// <summary>Rejects a UTF-8 path with an embedded NUL or longer than <see cref="PathMax"/> - 1 bytes.</summary>
    /// <exception cref="ArgumentException">The path contains NUL or is too long.</exception>
    public static void ValidatePath(ReadOnlySpan<byte> path, string parameterName)
    {
        if (path.Contains((byte)0))
        {
            throw new ArgumentException("A path must not contain a NUL byte.", parameterName);
        }

        if (path.Length >= PathMax)
        {
            throw new ArgumentException($"The path is {path.Length} bytes; the kernel accepts at most {PathMax - 1} (PATH_MAX).", parameterName);
        }
    }

    /// <summary>
    /// Rejects inline command data larger than the ring's SQEs hold: 16 bytes, or 80 with
    /// <see cref="RingOptions.Sqe128"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The data is too long for this ring.</exception>
    public static void ValidateCommand(Ring ring, ReadOnlySpan<byte> command, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ring);
        int capacity = ring.Features.SqeBytes - SubmissionSlot.CommandOffset;
        if (command.Length > capacity)
        {
            string hint = capacity == 16 ? " Create the ring with RingOptions.Sqe128 for up to 80 bytes." : string.Empty;
            throw new ArgumentException($"{command.Length} bytes of command data do not fit the {capacity} inline bytes of this ring's SQEs.{hint}", parameterName);
        }
    }

    /// <summary>Rejects a negative duration.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static void ValidateDuration(TimeSpan duration, string parameterName)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, duration, "A kernel timeout cannot be negative.");
        }
    }

    /// <summary>Rejects the interval of a repeating timer: zero (or negative) would fire without pause and flood the completion queue.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public static void ValidateRepeatInterval(TimeSpan interval, string parameterName)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                interval,
                "A repeating timer needs a positive interval: zero would fire again at once, without end, and flood the completion queue. "
                + "Use a single-shot timeout for \"now\".");
        }
    }

    /// <summary>
    /// The flags a file-creating op sends for <paramref name="target"/>: <paramref name="flags"/> unchanged for
    /// <see cref="FileTarget.Descriptor"/>, without the close-on-exec bit (<c>O_CLOEXEC</c> = <c>SOCK_CLOEXEC</c>)
    /// for a slot, which the kernel refuses with <c>-EINVAL</c> and which a slot does not need (it never reaches
    /// an exec'd program). The one definition of that rule: the generator calls it for every value declared
    /// with <see cref="SqeAttribute.CarriesCloseOnExec"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CreationFlags(FileTarget target, ulong flags)
        => target.IsSlot ? flags & ~FileTarget.CloseOnExecBit : flags;

    /// <summary>
    /// Rejects a <see cref="FileTarget"/> of a kind the op cannot take (declared with
    /// <see cref="SqeAttribute.Refuses"/>), before anything is reserved.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is of kind <paramref name="refused"/>.</exception>
    public static void RefuseFileTarget(FileTarget target, FileTargetKind refused, string parameterName)
    {
        if (target.Kind == refused)
        {
            ThrowRefusedFileTarget(target, parameterName);
        }
    }

    private static void ThrowRefusedFileTarget(FileTarget target, string parameterName)
        => throw new ArgumentException(
            target.Kind switch
            {
                FileTargetKind.Descriptor => "This op puts the file into a registered-file table, so it needs FileTarget.Slot(n) or FileTarget.AnySlot; the kernel answers EINVAL for FileTarget.Descriptor.",
                FileTargetKind.Slot => $"This op cannot take a slot chosen in advance ({target}); the kernel answers EINVAL. Pass FileTarget.AnySlot to let the kernel pick, or FileTarget.Descriptor.",
                _ => $"This op cannot take {target}.",
            },
            parameterName);

    private static void ThrowBadDirectSlot(long slot, string parameterName)
        => throw new ArgumentOutOfRangeException(
            parameterName,
            slot,
            $"A registered-file slot is 0 to {MaxDirectSlot}: the kernel stores slot + 1 in file_index, where 0xFFFFFFFF "
            + "(IORING_FILE_INDEX_ALLOC) means \"pick a free slot\" and 0 means \"not a slot\". To let the kernel pick the slot, "
            + "pass FileTarget.AnySlot: the completion's result is then the slot it picked.");
}
