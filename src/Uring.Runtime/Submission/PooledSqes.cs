using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>The native layout of an <see cref="ExtSqe"/>: the SQE copy, then 64 bytes of user data.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct ExtSqeLayout
{
    public const int Size = 128;
    public const int UserDataSize = 64;

    [FieldOffset(0)] public IoUringSqe Sqe;
    [FieldOffset(64)] public fixed byte UserData[UserDataSize];
}

/// <summary>
/// A borrowed 128-byte Extended context from a <see cref="ContextPools"/>: a copy of the submitted SQE
/// plus 64 bytes of caller data, in native memory that never moves. The handle is a pointer; it is valid
/// from <see cref="Ring.TryRentExtSqe"/> until it is returned exactly once.
/// </summary>
public readonly unsafe struct ExtSqe : IEquatable<ExtSqe>
{
    /// <summary>Bytes of caller data after the SQE.</summary>
    public const int UserDataSize = ExtSqeLayout.UserDataSize;

    internal ExtSqe(ExtSqeLayout* pointer) => Pointer = pointer;

    internal ExtSqeLayout* Pointer { get; }

    /// <summary>False for the default handle (for example an exhausted pool or a non-Extended context).</summary>
    public bool IsValid => Pointer != null;

    /// <summary>The native address (stable for the life of the pool).</summary>
    public nint Address => (nint)Pointer;

    /// <summary>The SQE copy (what was, or will be, submitted).</summary>
    public ref IoUringSqe Sqe => ref ValidPointer->Sqe;

    /// <summary>The 64 bytes of caller data.</summary>
    public Span<byte> UserData => new(ValidPointer->UserData, UserDataSize);

    /// <summary>The Extended <see cref="SqeContext"/> that points at this block.</summary>
    public SqeContext Context => SqeContext.Extended(this);

    /// <summary>Views the user data as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is larger than 64 bytes.</exception>
    public ref T As<T>() where T : unmanaged
    {
        if (sizeof(T) > UserDataSize)
        {
            ThrowTooLarge(sizeof(T));
        }

        return ref Unsafe.AsRef<T>(ValidPointer->UserData);
    }

    private ExtSqeLayout* ValidPointer
    {
        get
        {
            if (Pointer == null)
            {
                ThrowInvalid();
            }

            return Pointer;
        }
    }

    /// <inheritdoc/>
    public bool Equals(ExtSqe other) => Pointer == other.Pointer;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExtSqe other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((nint)Pointer).GetHashCode();

    /// <summary>Compares addresses.</summary>
    public static bool operator ==(ExtSqe left, ExtSqe right) => left.Pointer == right.Pointer;

    /// <summary>Compares addresses.</summary>
    public static bool operator !=(ExtSqe left, ExtSqe right) => left.Pointer != right.Pointer;

    private static void ThrowInvalid() => throw new InvalidOperationException("The ExtSqe handle is not valid (default, or from an exhausted pool).");

    private static void ThrowTooLarge(int size) => throw new ArgumentException($"A {size}-byte type does not fit the {UserDataSize} bytes of ExtSqe user data.");
}

/// <summary>
/// A borrowed 64-byte Indirect context: a copy of the submitted SQE in native memory that never moves,
/// so a completion can report every field of what it completes.
/// </summary>
public readonly unsafe struct IndirectSqe : IEquatable<IndirectSqe>
{
    internal IndirectSqe(IoUringSqe* pointer) => Pointer = pointer;

    internal IoUringSqe* Pointer { get; }

    /// <summary>False for the default handle.</summary>
    public bool IsValid => Pointer != null;

    /// <summary>The native address.</summary>
    public nint Address => (nint)Pointer;

    /// <summary>The SQE copy.</summary>
    public ref IoUringSqe Sqe
    {
        get
        {
            if (Pointer == null)
            {
                throw new InvalidOperationException("The IndirectSqe handle is not valid (default, or from an exhausted pool).");
            }

            return ref *Pointer;
        }
    }

    /// <summary>The Indirect <see cref="SqeContext"/> that points at this copy.</summary>
    public SqeContext Context => SqeContext.Indirect(this);

    /// <inheritdoc/>
    public bool Equals(IndirectSqe other) => Pointer == other.Pointer;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IndirectSqe other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((nint)Pointer).GetHashCode();

    /// <summary>Compares addresses.</summary>
    public static bool operator ==(IndirectSqe left, IndirectSqe right) => left.Pointer == right.Pointer;

    /// <summary>Compares addresses.</summary>
    public static bool operator !=(IndirectSqe left, IndirectSqe right) => left.Pointer != right.Pointer;
}
