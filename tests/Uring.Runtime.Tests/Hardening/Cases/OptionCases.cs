using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>RingOptions out of range: refused by the constructor, naming the option, before io_uring_setup.</summary>
internal static class OptionCases
{
    public static IEnumerable<BadInputCase> All()
    {
        foreach ((string what, RingOptions options, string parameter) in Refused())
        {
            yield return Case.Throws<ArgumentOutOfRangeException>($"new Ring: {what}", parameter, env => New(options));
            yield return Case.Throws<ArgumentOutOfRangeException>($"RingOptions.Validate: {what}", parameter, env => options.Validate());
        }

        // Boundaries that are legitimate.
        yield return Case.Ok("new Ring: Entries 3 is rounded up to 4", env => New(new RingOptions { Entries = 3 }, ring => ring.Features.SqEntries == 4));
        yield return Case.Ok("new Ring: Entries 1", env => New(new RingOptions { Entries = 1 }, ring => ring.Features.SqEntries == 1));
        yield return Case.Ok("new Ring: CompletionEntries equal to Entries", env => New(new RingOptions { Entries = 8, CompletionEntries = 8 }, ring => ring.Features.CqEntries == 8));
        yield return Case.Ok("new Ring: Sqe128 and Cqe32 together", env => New(new RingOptions { Entries = 8, Sqe128 = true, Cqe32 = true }, ring => ring.Features.SqeBytes == 128));
    }

    private static IEnumerable<(string, RingOptions, string)> Refused()
    {
        yield return ("Entries 0", new RingOptions { Entries = 0 }, "Entries");
        yield return ("Entries -1", new RingOptions { Entries = -1 }, "Entries");
        yield return ("Entries 32769", new RingOptions { Entries = 32769 }, "Entries");
        yield return ("Entries int.MaxValue", new RingOptions { Entries = int.MaxValue }, "Entries");
        yield return ("CompletionEntries -1", new RingOptions { CompletionEntries = -1 }, "CompletionEntries");
        yield return ("CompletionEntries 65537", new RingOptions { CompletionEntries = 65537 }, "CompletionEntries");
        yield return ("CompletionEntries below Entries", new RingOptions { Entries = 8, CompletionEntries = 4 }, "CompletionEntries");
    }

    private static bool New(RingOptions options, Func<Ring, bool>? check = null)
    {
        using Ring ring = new(options);
        ring.Start();
        Span<CqeView> one = stackalloc CqeView[1];
        return ring.TryPrepareNop(SqeContext.FromValue(1)) && ring.Wait(one, 1, TimeSpan.FromSeconds(5)) == 1 && (check is null || check(ring));
    }
}
