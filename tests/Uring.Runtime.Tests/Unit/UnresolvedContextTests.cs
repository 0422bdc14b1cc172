using System;
using System.Collections.Generic;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Pointer-mode contexts that name no slot rented now (wild values, misaligned addresses, returned or stale
/// contexts, another ring's) decode as "unknown" without being dereferenced, and prep methods refuse them
/// before anything is queued.
/// </summary>
public sealed unsafe class UnresolvedContextTests : IDisposable
{
    private readonly Ring _ring = DetachedRings.Create();
    private readonly Ring _other = DetachedRings.Create();

    public enum Bad
    {
        WildExtended,
        WildIndirect,
        ExtendedOneByteIntoASlot,
        IndirectOneByteIntoASlot,
        ExtendedModeIntoTheIndirectSlab,
        ReturnedExtended,
        ReturnedIndirect,
        ExtendedOfAnotherRing,
        IndirectOfAnotherRing,
        NoGenerationBits,
    }

    public static IEnumerable<TheoryDataRow<Bad>> AllBad()
    {
        foreach (Bad bad in Enum.GetValues<Bad>())
        {
            yield return new TheoryDataRow<Bad>(bad);
        }
    }

    /// <summary>The ones no live pool has rented now (another ring's rented context does decode: it is live memory).</summary>
    public static IEnumerable<TheoryDataRow<Bad>> Unresolvable()
    {
        foreach (Bad bad in Enum.GetValues<Bad>())
        {
            if (bad is not (Bad.ExtendedOfAnotherRing or Bad.IndirectOfAnotherRing))
            {
                yield return new TheoryDataRow<Bad>(bad);
            }
        }
    }

    public void Dispose()
    {
        _ring.Dispose();
        _other.Dispose();
    }

    [Theory]
    [MemberData(nameof(Unresolvable))]
    public void An_unresolved_context_decodes_as_unknown_without_reading_memory(Bad bad)
    {
        SqeContext context = Make(bad);
        Assert.Null(context.Op);
        Assert.Equal(SqeFlags.None, context.Flags);
        Assert.False(context.HasBufferSelect);
        Assert.Equal(0, context.BufGroup);
        Assert.Equal(-1, context.Fd);
        Assert.False(context.ExtendedSqe.IsValid);
        Assert.False(context.IndirectSqe.IsValid);
        Assert.Contains("not rented", context.ToString());
        Assert.Throws<InvalidOperationException>(() => context.WithOp(IoUringOp.Read));
        Assert.Throws<InvalidOperationException>(() => context.WithFlags(SqeFlags.Async));
        Assert.Throws<InvalidOperationException>(() => context.OrFlags(SqeFlags.Async));
        Assert.Throws<InvalidOperationException>(() => context.WithBufGroup(1));
        Assert.Throws<InvalidOperationException>(() => context.WithFd(1));
    }

    [Theory]
    [MemberData(nameof(AllBad))]
    public void Prep_methods_refuse_an_unresolved_context_before_queueing_anything(Bad bad)
    {
        SqeContext context = Make(bad);
        AssertRefused(() => _ring.TryPrepareNop(context), bad);
        AssertRefused(() => _ring.TryPrepareClose(context, 3), bad);
        AssertRefused(() => _ring.TryPrepareCancel(context, 1), bad);
        AssertRefused(() => _ring.TryPrepareTimeout(context, TimeSpan.FromSeconds(1)), bad);
        AssertRefused(() => _ring.TryPrepareOpenAt(context, -100, "/tmp/x", OpenFlags.ReadOnly), bad);
        Assert.Equal(0, _ring.SqPending);

        // The ring is whole: the next request goes through and its completion comes back.
        Assert.True(_ring.TryPrepareNop(SqeContext.FromValue(5)));
        Assert.Equal(1, _ring.SqPending);
        _ring.KernelConsumeAll();
        _ring.KernelPost(_ring.LastSqe().UserData, 0);
        Span<CqeView> one = stackalloc CqeView[1];
        Assert.Equal(1, _ring.Reap(one));
        Assert.Equal(5UL, one[0].Context.Value);
        Assert.False(one[0].IsForeign);
    }

    [Fact]
    public void The_message_says_which_mistake_it_was()
    {
        Assert.Contains("returned to its pool already", Refusal(Make(Bad.ReturnedExtended)));
        Assert.Contains("another ring", Refusal(Make(Bad.ExtendedOfAnotherRing)));
        Assert.Contains("not from a pool", Refusal(Make(Bad.WildExtended)));
        Assert.Contains("not from a pool", Refusal(Make(Bad.ExtendedOneByteIntoASlot)));
    }

    [Fact]
    public void Prepare_extended_and_indirect_refuse_bad_handles_by_their_parameter_names()
    {
        Assert.Equal("ext", Assert.Throws<ArgumentException>(() => _ring.TryPrepareExtended(default)).ParamName);
        Assert.Equal("indirect", Assert.Throws<ArgumentException>(() => _ring.TryPrepareIndirect(default)).ParamName);

        Assert.True(_other.TryRentExtendedSqe(out ExtendedSqe foreign));
        Assert.Equal("ext", Assert.Throws<ArgumentException>(() => _ring.TryPrepareExtended(foreign)).ParamName);
        Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe returned));
        _ring.ReturnIndirectSqe(returned);
        Assert.Equal("indirect", Assert.Throws<ArgumentException>(() => _ring.TryPrepareIndirect(returned)).ParamName);
        Assert.Equal("ext", Assert.Throws<ArgumentException>(() => _ring.ReturnExtendedSqe(foreign)).ParamName);
        Assert.Equal("ext", Assert.Throws<ArgumentException>(() => _ring.ReturnExtendedSqe(default)).ParamName);
        Assert.Equal(0, _ring.SqPending);
        _other.ReturnExtendedSqe(foreign);
    }

    [Fact]
    public void A_rented_context_of_this_ring_is_accepted_and_receives_the_sqe()
    {
        Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
        Assert.True(_ring.TryPrepareClose(ext.Context, 42));
        Assert.Equal(ext.Context.Raw, _ring.LastSqe().UserData);
        Assert.Equal(IoUringOp.Close, ext.Context.Op);
        Assert.Equal(42, ext.Sqe.Fd);

        ext.Sqe.Fd = 43;
        Assert.True(_ring.TryPrepareExtended(ext));
        Assert.Equal(43, _ring.LastSqe().Fd);
        _ring.ReturnExtendedSqe(ext);
    }

    private static void AssertRefused(Func<bool> prepare, Bad bad)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => prepare());
        Assert.Equal("context", error.ParamName);
        Assert.False(string.IsNullOrEmpty(error.Message), bad.ToString());
    }

    private string Refusal(SqeContext context)
        => Assert.Throws<ArgumentException>(() => _ring.TryPrepareNop(context)).Message;

    private SqeContext Make(Bad bad)
    {
        switch (bad)
        {
            case Bad.WildExtended:
                return SqeContext.FromRaw((2UL << 62) | 0x7ffd_dead_0000);
            case Bad.WildIndirect:
                return SqeContext.FromRaw((1UL << 62) | 1);
            case Bad.ExtendedOneByteIntoASlot:
            {
                Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
                return SqeContext.FromRaw(ext.Context.Raw + 1);
            }

            case Bad.IndirectOneByteIntoASlot:
            {
                Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
                return SqeContext.FromRaw(indirect.Context.Raw + 1);
            }

            case Bad.ExtendedModeIntoTheIndirectSlab:
            {
                Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
                return SqeContext.FromRaw((2UL << 62) | (indirect.Context.Raw & ((1UL << 62) - 1)));
            }

            case Bad.ReturnedExtended:
            {
                Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
                _ring.ReturnExtendedSqe(ext);
                return ext.Context;
            }

            case Bad.ReturnedIndirect:
            {
                Assert.True(_ring.TryRentIndirectSqe(out IndirectSqe indirect));
                _ring.ReturnIndirectSqe(indirect);
                return indirect.Context;
            }

            case Bad.ExtendedOfAnotherRing:
            {
                Assert.True(_other.TryRentExtendedSqe(out ExtendedSqe ext));
                return ext.Context;
            }

            case Bad.IndirectOfAnotherRing:
            {
                Assert.True(_other.TryRentIndirectSqe(out IndirectSqe indirect));
                return indirect.Context;
            }

            default:
            {
                // The right address of a rented slot, but no generation: a plain pointer, as the reference writes it.
                Assert.True(_ring.TryRentExtendedSqe(out ExtendedSqe ext));
                while ((ext.Tag >> ContextTag.AddressBits) == 0)
                {
                    _ring.ReturnExtendedSqe(ext);
                    Assert.True(_ring.TryRentExtendedSqe(out ext));
                }

                return SqeContext.FromRaw((2UL << 62) | (ulong)ext.Address);
            }
        }
    }
}
