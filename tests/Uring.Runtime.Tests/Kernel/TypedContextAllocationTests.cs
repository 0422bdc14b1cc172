using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>A context with a handler, a reference field and a value: the full path through the side table.</summary>
[UringContext]
public partial struct Pulse
{
    public CompletionHandler Handler;
    public PulseCounter Counter;
    public long Sequence;
}

/// <summary>What the pulse handler updates.</summary>
public sealed class PulseCounter
{
    public long Completed;

    public long SequenceSum;
}

/// <summary>Only for <see cref="Pulse"/> contexts.</summary>
public static class PulseHandlers
{
    [UringHandler(typeof(Pulse))]
    public static void OnPulse(Ring ring, in CqeView cqe)
    {
        Pulse.Ref pulse = Pulse.From(in cqe);
        pulse.Counter.Completed++;
        pulse.Counter.SequenceSum += pulse.Sequence;
        Pulse.Release(ring, cqe.ExtendedSqe);
    }
}

/// <summary>Typed contexts and handlers cost no allocation: measured, not claimed.</summary>
public sealed class TypedContextAllocationTests
{
    [Fact]
    public void Rent_store_submit_reap_dispatch_release_cycles_allocate_nothing()
        => CyclesAllocateNothing(throughOverload: false);

    /// <summary>The same cycle through the generated <c>TryPrepareNop&lt;Pulse&gt;(in Pulse, ...)</c>: one call rents, stores and prepares.</summary>
    [Fact]
    public void The_generic_context_overload_allocates_nothing()
        => CyclesAllocateNothing(throughOverload: true);

    private static void CyclesAllocateNothing(bool throughOverload)
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
        PulseCounter counter = new();
        CqeView[] batch = new CqeView[32];
        Run(ring, counter, batch, 10_000, throughOverload);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(ring, counter, batch, 100_000, throughOverload);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(110_000, counter.Completed);
        Assert.Equal((10_000L * 9_999 / 2) + (100_000L * 99_999 / 2), counter.SequenceSum);   // every context carried its own value
        Assert.Equal(0, allocated);
        Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
    }

    private static void Run(Ring ring, PulseCounter counter, CqeView[] batch, int cycles, bool throughOverload)
    {
        long target = counter.Completed + cycles;
        for (int i = 0; i < cycles; i++)
        {
            Pulse pulse = new() { Handler = Pulse.Handlers.OnPulse, Counter = counter, Sequence = i };
            if (throughOverload)
            {
                if (!ring.TryPrepareNop(in pulse))
                {
                    throw new InvalidOperationException("The SQ is full or the pool ran dry: contexts are leaking.");
                }
            }
            else
            {
                if (!Pulse.TryRent(ring, pulse, out ExtendedSqe ext))
                {
                    throw new InvalidOperationException("The pool ran dry: contexts are leaking.");
                }

                if (!ring.TryPrepareNop(ext.Context))
                {
                    Pulse.Release(ring, ext);
                    throw new InvalidOperationException("The SQ is full.");
                }
            }

            ring.Submit();
            Drain(ring, batch, ring.Reap(batch));
        }

        while (counter.Completed < target)
        {
            Drain(ring, batch, ring.Wait(batch, 1, TimeSpan.FromSeconds(5)));
        }
    }

    private static void Drain(Ring ring, CqeView[] batch, int count)
    {
        for (int c = 0; c < count; c++)
        {
            if (!Pulse.Dispatch(ring, in batch[c]))
            {
                throw new InvalidOperationException("A completion without a handler.");
            }
        }
    }
}
