using System;
using Xunit;

namespace Uring.AspNetCore.Tests.Support;

/// <summary>
/// Gate for tests that need a real io_uring: skip with the reason where it is unavailable, fail instead when
/// <c>URING_REQUIRE_KERNEL=1</c> (CI sets it), so CI can never pass by skipping. (The fallback tests need no kernel.)
/// </summary>
internal static class KernelRequirement
{
    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    public static void Require()
    {
        string? reason = s_unavailableReason.Value;
        if (reason is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("URING_REQUIRE_KERNEL") == "1")
        {
            Assert.Fail($"URING_REQUIRE_KERNEL=1 but io_uring is unavailable: {reason}");
        }

        Assert.Skip($"io_uring is unavailable here: {reason}");
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        try
        {
            using Ring ring = new(new RingOptions { Entries = 8 });
            return null;
        }
        catch (UringException exception)
        {
            return exception.Message;
        }
    }
}
