using System;
using System.Diagnostics;

namespace Uring.Hardening.Child.Support;

/// <summary>Rings for the child's cases, and the NOP round trip that proves a ring still works.</summary>
internal static class ChildRings
{
    private const ulong NopTag = 0x0A0B_0C0D;

    public static Ring Started(int entries = 8, bool multiIssuers = false)
    {
        Ring ring = new(new RingOptions { Entries = entries, NotifySucceed = true, MultiIssuers = multiIssuers });
        try
        {
            ring.Start();
            return ring;
        }
        catch
        {
            ring.Dispose();
            throw;
        }
    }

    public static void NopRoundTrip(Ring ring)
    {
        Check.That(ring.TryPrepareNop(SqeContext.FromValue(NopTag)), "NOP round trip: no SQ room");
        CqeView done = WaitForValue(ring, NopTag);
        Check.That(done.Result == 0, $"NOP round trip completed with {done.Result}");
    }

    /// <summary>Reaps until the Value context <paramref name="value"/> completes; other completions go to <paramref name="other"/>.</summary>
    public static CqeView WaitForValue(Ring ring, ulong value, Action<CqeView>? other = null)
    {
        CqeView[] batch = new CqeView[32];
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            int count = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < count; i++)
            {
                if (batch[i].Context.IsValue && batch[i].Context.Value == value)
                {
                    return batch[i];
                }

                other?.Invoke(batch[i]);
            }
        }

        throw new TimeoutException($"The completion of Value({value:x}) did not arrive within 10 s.");
    }

    /// <summary>The next completion.</summary>
    public static CqeView WaitOne(Ring ring)
    {
        CqeView[] one = new CqeView[1];
        Check.That(ring.Wait(one, 1, TimeSpan.FromSeconds(10)) == 1, "no completion within 10 s");
        return one[0];
    }
}
