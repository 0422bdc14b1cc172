using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Uring.Analyzers.Flow;

/// <summary>
/// Where control goes after the finally region being walked: the finally regions still to run, then the
/// branch that led into them. Walking finally code once per continuation keeps paths apart: a state
/// that reached a finally from a <c>return</c> only flows to the exit, not to the code after the try.
/// </summary>
internal sealed class Continuation : IEquatable<Continuation>
{
    public Continuation(ImmutableArray<ControlFlowRegion> remaining, ControlFlowBranch branch, Continuation? outer)
    {
        Remaining = remaining;
        Branch = branch;
        Outer = outer;
    }

    /// <summary>Finally regions to run after the current one.</summary>
    public ImmutableArray<ControlFlowRegion> Remaining { get; }

    /// <summary>The branch whose destination is reached once every finally ran.</summary>
    public ControlFlowBranch Branch { get; }

    /// <summary>The continuation of the finally region that contains this branch, if any.</summary>
    public Continuation? Outer { get; }

    public Continuation Next() => new(Remaining.RemoveAt(0), Branch, Outer);

    public bool Equals(Continuation? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!ReferenceEquals(Branch, other.Branch) || Remaining.Length != other.Remaining.Length)
        {
            return false;
        }

        for (int i = 0; i < Remaining.Length; i++)
        {
            if (!ReferenceEquals(Remaining[i], other.Remaining[i]))
            {
                return false;
            }
        }

        return Outer is null ? other.Outer is null : Outer.Equals(other.Outer);
    }

    public override bool Equals(object? obj) => obj is Continuation other && Equals(other);

    public override int GetHashCode() => (Branch.GetHashCode() * 31) + Remaining.Length;
}
