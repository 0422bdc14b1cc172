using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Buffers;


/// <summary>What kind of memory an expression handed to an op refers to.</summary>
internal enum MemoryKind
{
    /// <summary>Cannot tell (a parameter, a call out of sight): never reported.</summary>
    Unknown,
    /// <summary>Native memory (a <c>NativeBuffer</c>'s too), a pinned array or a pin: it does not move.</summary>
    Stable,
    /// <summary><c>stackalloc</c>: dies with the frame.</summary>
    Stack,
    /// <summary>The storage of a local variable or by-value parameter: dies with the frame.</summary>
    LocalStorage,
    /// <summary>An ordinary managed array (also pool arrays and arrays a call just returned): the GC may move it at any time.</summary>
    MovableArray,
}

/// <summary>
/// Which part of a buffer an expression names: the whole of it, or the slice at <see cref="Start"/> of
/// <see cref="Length"/> elements (either null when not a constant).
/// </summary>
internal readonly struct BufferRange : IEquatable<BufferRange>
{
    public static readonly BufferRange All = new(true, 0, null);

    private BufferRange(bool whole, long? start, long? length)
    {
        Whole = whole;
        Start = start;
        Length = length;
    }

    public bool Whole { get; }

    public long? Start { get; }

    public long? Length { get; }

    /// <summary>A part of unknown place and size.</summary>
    public static BufferRange Part => new(false, null, null);

    /// <summary>
    /// The range, in the buffer below a slice <c>[start, start + length)</c>, of <paramref name="within"/> (a range of
    /// the slice).
    /// </summary>
    public static BufferRange Slice(long? start, long? length, BufferRange within)
    {
        if (within.Whole)
        {
            return new BufferRange(false, start, length);
        }

        long? absolute = start is { } s && within.Start is { } w ? s + w : null;
        return new BufferRange(false, absolute, within.Length);
    }

    /// <summary>True when the two ranges certainly share an element; false when they do not or it cannot be told.</summary>
    public bool Overlaps(BufferRange other)
    {
        if ((!Whole && Length == 0) || (!other.Whole && other.Length == 0))
        {
            return false;
        }

        if (Whole || other.Whole)
        {
            return true;
        }

        if (Start is not { } a || other.Start is not { } b)
        {
            return false;
        }

        // A slice without a length runs to the end of the buffer.
        bool aBeforeB = Length is { } aLength && a + aLength <= b;
        bool bBeforeA = other.Length is { } bLength && b + bLength <= a;
        return !aBeforeB && !bBeforeA;
    }

    public bool Equals(BufferRange other) => Whole == other.Whole && Start == other.Start && Length == other.Length;

    public override bool Equals(object? obj) => obj is BufferRange other && Equals(other);

    public override int GetHashCode() => (Whole ? 1 : 0) ^ (Start?.GetHashCode() ?? 0) ^ ((Length?.GetHashCode() ?? 0) * 31);
}

/// <summary>Registered buffer <c>Index</c> of a ring: the memory <c>ring.RegisteredBuffer(index)</c> and the fixed ops name.</summary>
internal sealed class RegisteredBufferRoot : IEquatable<RegisteredBufferRoot>
{
    public RegisteredBufferRoot(ISymbol? ring, object index)
    {
        Ring = ring;
        Index = index;
    }

    public ISymbol? Ring { get; }

    /// <summary>The index: a constant value, or the symbol that holds it.</summary>
    public object Index { get; }

    public string Name => "registered buffer " + (Index is ISymbol symbol ? symbol.Name : Index.ToString());

    /// <summary>The root for an index expression, or null when the index is neither a constant nor a plain variable.</summary>
    public static RegisteredBufferRoot? Of(IOperation? ring, IOperation index)
    {
        object? key = MemoryTrace.Constant(index) is { } constant ? constant : index.ReferencedSymbol();
        return key is null ? null : new RegisteredBufferRoot(ring?.ReferencedSymbol(), key);
    }

    public bool Equals(RegisteredBufferRoot? other)
        => other is not null
           && (Ring is null || other.Ring is null || SymbolEqualityComparer.Default.Equals(Ring, other.Ring))
           && (Index is ISymbol a && other.Index is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : Equals(Index, other.Index));

    public override bool Equals(object? obj) => obj is RegisteredBufferRoot other && Equals(other);

    public override int GetHashCode() => Index is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : Index.GetHashCode();
}

/// <summary>A memory-valued member (<c>block.Span</c>, <c>lease.GetMemory()</c>) of an owner instance the application wrote.</summary>
internal sealed class MemberRoot : IEquatable<MemberRoot>
{
    public MemberRoot(ISymbol instance, ISymbol member)
    {
        Instance = instance;
        Member = member;
    }

    public ISymbol Instance { get; }

    public ISymbol Member { get; }

    public string Name => Instance.Name + "." + Member.Name;

    public bool Equals(MemberRoot? other)
        => other is not null && SymbolEqualityComparer.Default.Equals(Instance, other.Instance) && SymbolEqualityComparer.Default.Equals(Member, other.Member);

    public override bool Equals(object? obj) => obj is MemberRoot other && Equals(other);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Instance) ^ SymbolEqualityComparer.Default.GetHashCode(Member);
}

/// <summary>The <c>stackalloc</c> an argument allocates inline (it has no variable to name it).</summary>
internal sealed class InlineStackRoot : IEquatable<InlineStackRoot>
{
    public InlineStackRoot(SyntaxNode allocation) => Allocation = allocation;

    public SyntaxNode Allocation { get; }

    public bool Equals(InlineStackRoot? other) => other is not null && other.Allocation == Allocation;

    public override bool Equals(object? obj) => obj is InlineStackRoot other && Equals(other);

    public override int GetHashCode() => Allocation.GetHashCode();
}

/// <summary>The result of tracing one buffer argument back to where its memory comes from.</summary>
internal sealed class BufferTrace
{
    public MemoryKind Kind { get; set; }

    /// <summary>The expression that created the memory (<c>stackalloc</c>, <c>new T[n]</c>), for the message and the code fix.</summary>
    public IOperation? Origin { get; set; }

    /// <summary>Locals, parameters and fields the memory is reached through, or whose release frees or unpins it.</summary>
    public HashSet<ISymbol> Owners { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The buffers the memory is part of (locals, parameters, fields, registered buffers, an inline <c>stackalloc</c>),
    /// each with the part of it the expression names, for reuse checks.
    /// </summary>
    public Dictionary<object, BufferRange> Roots { get; } = new(RootComparer.Instance);

    public void AddRoot(object root, BufferRange range)
        => Roots[root] = Roots.TryGetValue(root, out BufferRange known) && !known.Equals(range) ? BufferRange.Part : range;

    /// <summary>Symbols compare by <see cref="SymbolEqualityComparer.Default"/>, other roots by their own equality.</summary>
    internal sealed class RootComparer : IEqualityComparer<object>
    {
        public static readonly RootComparer Instance = new();

        public new bool Equals(object? x, object? y)
            => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj)
            => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
