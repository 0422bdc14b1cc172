using System;

namespace Uring.Tests.Support;

/// <summary>Creates started rings for kernel tests (after checking the kernel requirement).</summary>
internal static class TestRings
{
    public static Ring Started(RingOptions? options = null)
    {
        KernelRequirement.Require();
        Ring ring = new(options ?? new RingOptions { Entries = RingOptions.EntriesNano, NotifySucceed = true });
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

    /// <summary>Blocks until one completion arrives (or fails after 10 s, so a bug cannot hang the run).</summary>
    public static CqeView WaitOne(this Ring ring)
    {
        Span<CqeView> one = stackalloc CqeView[1];
        int got = ring.Wait(one, 1, TimeSpan.FromSeconds(10));
        if (got != 1)
        {
            throw new TimeoutException("No completion arrived within 10 s.");
        }

        return one[0];
    }

    /// <summary>Blocks until <paramref name="count"/> completions arrived.</summary>
    public static CqeView[] WaitMany(this Ring ring, int count)
    {
        CqeView[] all = new CqeView[count];
        int have = 0;
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (have < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {have} of {count} completions arrived within 10 s.");
            }

            have += ring.Wait(all.AsSpan(have), count - have, TimeSpan.FromSeconds(1));
        }

        return all;
    }
}
