using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Uring.Analyzers.Flow;

/// <summary>
/// The facts one program point knows: for each tracked key (a local, a ring, a sentinel), the set of
/// abstract values it may hold on the paths reaching that point, as a bit mask. Joining two points ORs
/// the masks; a key never mentioned holds <see cref="Default"/>. "Definitely X" is "the mask is X alone",
/// "maybe X" is "the mask contains X".
/// </summary>
internal sealed class FlowState : IEquatable<FlowState>
{
    private static readonly IEqualityComparer<object> s_keys = new KeyComparer();

    private readonly ImmutableDictionary<object, int> _facts;

    private FlowState(ImmutableDictionary<object, int> facts, int @default)
    {
        _facts = facts;
        Default = @default;
    }

    /// <summary>The mask of a key never set.</summary>
    public int Default { get; }

    public static FlowState Empty(int @default) => new(ImmutableDictionary.Create<object, int>(s_keys), @default);

    public IEnumerable<object> Keys => _facts.Keys;

    public int Get(object key) => _facts.TryGetValue(key, out int mask) ? mask : Default;

    public FlowState Set(object key, int mask)
        => Get(key) == mask && _facts.ContainsKey(key) ? this : new FlowState(_facts.SetItem(key, mask), Default);

    /// <summary>Applies <paramref name="map"/> to every key that was set.</summary>
    public FlowState SetAll(Func<int, int> map)
    {
        ImmutableDictionary<object, int>.Builder builder = _facts.ToBuilder();
        foreach (KeyValuePair<object, int> fact in _facts)
        {
            builder[fact.Key] = map(fact.Value);
        }

        return new FlowState(builder.ToImmutable(), Default);
    }

    public FlowState Join(FlowState other)
    {
        if (ReferenceEquals(this, other))
        {
            return this;
        }

        ImmutableDictionary<object, int>.Builder builder = _facts.ToBuilder();
        foreach (KeyValuePair<object, int> fact in other._facts)
        {
            builder[fact.Key] = Get(fact.Key) | fact.Value;
        }

        foreach (KeyValuePair<object, int> fact in _facts)
        {
            if (!other._facts.ContainsKey(fact.Key))
            {
                builder[fact.Key] = fact.Value | other.Default;
            }
        }

        return new FlowState(builder.ToImmutable(), Default | other.Default);
    }

    public bool Equals(FlowState? other)
    {
        if (other is null || other.Default != Default || other._facts.Count != _facts.Count)
        {
            return false;
        }

        foreach (KeyValuePair<object, int> fact in _facts)
        {
            if (!other._facts.TryGetValue(fact.Key, out int mask) || mask != fact.Value)
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

    public override int GetHashCode() => _facts.Count ^ Default;

    /// <summary>Symbols compare by <see cref="SymbolEqualityComparer.Default"/>, other keys by their own equality.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y)
            => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj)
            => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
