using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>The native layout of an <see cref="ExtendedSqe"/>: the SQE copy, then 64 bytes of user data.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct ExtendedSqeLayout
{
    public const int Size = 128;
    public const int UserDataOffset = 64;
    public const int UserDataSize = 64;

    [FieldOffset(0)] public IoUringSqe Sqe;
    [FieldOffset(UserDataOffset)] public fixed byte UserData[UserDataSize];
}

/// <summary>
/// A borrowed 128-byte Extended context from a <see cref="ContextPools"/>: a copy of the submitted SQE
/// plus 64 bytes of caller data, in native memory that never moves. It is valid from
/// <see cref="Ring.TryRentExtendedSqe"/> until it is returned exactly once.
/// </summary>
/// <remarks>
/// The handle is 8 bytes: the slot's address (bits 0–47) and the generation it was rented with (bits
/// 48–61). Every accessor checks, without touching the slot, that the slot is still rented at that
/// generation, so a handle used after its return throws instead of reading or writing the next renter's
/// context, and two handles of different rentals of one slot are not equal.
/// </remarks>
public readonly unsafe struct ExtendedSqe : IEquatable<ExtendedSqe>
{
    /// <summary>Bytes of caller data after the SQE.</summary>
    public const int UserDataSize = ExtendedSqeLayout.UserDataSize;

    private readonly ulong _tag;

    internal ExtendedSqe(ulong tag) => _tag = tag;

    /// <summary>Address and generation (<see cref="ContextTag"/>).</summary>
    internal ulong Tag => _tag;

    /// <summary>False for the default handle (for example an exhausted pool or a non-Extended context).</summary>
    public bool IsValid => _tag != 0;

    /// <summary>The slot's native address (stable for the life of the pool; the generation is not part of it).</summary>
    public nint Address => (nint)ContextTag.AddressOf(_tag);

    /// <summary>The SQE copy (what was, or will be, submitted).</summary>
    /// <exception cref="InvalidOperationException">The handle is default, or was returned to its pool.</exception>
    /// <exception cref="ObjectDisposedException">Its ring was stopped.</exception>
    public ref IoUringSqe Sqe => ref Resolved->Sqe;

    /// <summary>The 64 bytes of caller data.</summary>
    /// <exception cref="InvalidOperationException">The handle is default, or was returned to its pool.</exception>
    /// <exception cref="ObjectDisposedException">Its ring was stopped.</exception>
    public Span<byte> UserData => new(Resolved->UserData, UserDataSize);

    /// <summary>The Extended <see cref="SqeContext"/> that names this block.</summary>
    public SqeContext Context => SqeContext.Extended(this);

    /// <summary>Views the user data as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is larger than 64 bytes.</exception>
    /// <exception cref="InvalidOperationException">The handle is default, or was returned to its pool.</exception>
    /// <exception cref="ObjectDisposedException">Its ring was stopped.</exception>
    public ref T As<T>() where T : unmanaged
    {
        if (sizeof(T) > UserDataSize)
        {
            ThrowTooLarge(sizeof(T));
        }

        return ref Unsafe.AsRef<T>(Resolved->UserData);
    }

    /// <summary>The slot, when the handle names a slot rented now (never throws).</summary>
    internal bool TryResolve(out ContextPools? pools, out ExtendedSqeLayout* layout)
    {
        bool rented = ContextPoolRegistry.Resolve(_tag, SqeContextMode.Extended, out pools, out byte* slot) == SlotStatus.Rented;
        layout = (ExtendedSqeLayout*)slot;
        return rented;
    }

    private ExtendedSqeLayout* Resolved
    {
        get
        {
            SlotStatus status = ContextPoolRegistry.Resolve(_tag, SqeContextMode.Extended, out _, out byte* slot);
            if (status != SlotStatus.Rented)
            {
                PooledHandle.Throw(nameof(ExtendedSqe), _tag, status);
            }

            return (ExtendedSqeLayout*)slot;
        }
    }

    /// <summary>Same slot and same rental.</summary>
    public bool Equals(ExtendedSqe other) => _tag == other._tag;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExtendedSqe other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _tag.GetHashCode();

    /// <summary>Same slot and same rental (a stale handle differs from the slot's next renter's).</summary>
    public static bool operator ==(ExtendedSqe left, ExtendedSqe right) => left._tag == right._tag;

    /// <summary>A different slot or a different rental.</summary>
    public static bool operator !=(ExtendedSqe left, ExtendedSqe right) => left._tag != right._tag;

    private static void ThrowTooLarge(int size) => throw new ArgumentException($"A {size}-byte type does not fit the {UserDataSize} bytes of ExtendedSqe user data.");
}

/// <summary>
/// A borrowed 64-byte Indirect context: a copy of the submitted SQE in native memory that never moves,
/// so a completion can report every field of what it completes.
/// </summary>
/// <remarks>Like <see cref="ExtendedSqe"/>: address and generation in 8 bytes, checked by every accessor.</remarks>
public readonly unsafe struct IndirectSqe : IEquatable<IndirectSqe>
{
    private readonly ulong _tag;

    internal IndirectSqe(ulong tag) => _tag = tag;

    /// <summary>Address and generation (<see cref="ContextTag"/>).</summary>
    internal ulong Tag => _tag;

    /// <summary>False for the default handle.</summary>
    public bool IsValid => _tag != 0;

    /// <summary>The slot's native address.</summary>
    public nint Address => (nint)ContextTag.AddressOf(_tag);

    /// <summary>The SQE copy.</summary>
    /// <exception cref="InvalidOperationException">The handle is default, or was returned to its pool.</exception>
    /// <exception cref="ObjectDisposedException">Its ring was stopped.</exception>
    public ref IoUringSqe Sqe
    {
        get
        {
            SlotStatus status = ContextPoolRegistry.Resolve(_tag, SqeContextMode.Indirect, out _, out byte* slot);
            if (status != SlotStatus.Rented)
            {
                PooledHandle.Throw(nameof(IndirectSqe), _tag, status);
            }

            return ref *(IoUringSqe*)slot;
        }
    }

    /// <summary>The Indirect <see cref="SqeContext"/> that names this copy.</summary>
    public SqeContext Context => SqeContext.Indirect(this);

    /// <summary>Same slot and same rental.</summary>
    public bool Equals(IndirectSqe other) => _tag == other._tag;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IndirectSqe other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _tag.GetHashCode();

    /// <summary>Same slot and same rental.</summary>
    public static bool operator ==(IndirectSqe left, IndirectSqe right) => left._tag == right._tag;

    /// <summary>A different slot or a different rental.</summary>
    public static bool operator !=(IndirectSqe left, IndirectSqe right) => left._tag != right._tag;
}

/// <summary>The exceptions of a pooled handle that does not resolve, one wording for both kinds.</summary>
internal static class PooledHandle
{
    /// <summary>What <see cref="ObjectDisposedException"/> says when the pools of a stopped ring are used.</summary>
    public const string StoppedMessage = "The ring was stopped; its pooled contexts were freed.";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Throw(string kind, ulong tag, SlotStatus status)
    {
        if (tag == 0)
        {
            throw new InvalidOperationException($"The {kind} handle is not valid (default, or from an exhausted pool).");
        }

        throw status switch
        {
            SlotStatus.Unknown => new ObjectDisposedException(nameof(Ring), StoppedMessage),
            SlotStatus.Returned => new InvalidOperationException(
                $"The {kind} is not borrowed any more: it was returned to its pool (and may have been rented again). "
                + "Use a pooled context only between its rent and its return."),
            _ => new InvalidOperationException($"The {kind} handle does not name a slot of its pool."),
        };
    }
}
