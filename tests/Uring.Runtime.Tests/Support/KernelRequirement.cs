using System;
using Xunit;

namespace Uring.Tests.Support;

/// <summary>
/// Gate for tests that need a real io_uring. They skip with the reason where io_uring is unavailable,
/// and fail instead when <c>URING_REQUIRE_KERNEL=1</c> (CI sets it), so CI can never pass by skipping.
/// </summary>
internal static class KernelRequirement
{
    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    public static bool RequiredByEnvironment => Environment.GetEnvironmentVariable("URING_REQUIRE_KERNEL") == "1";

    public static void Require()
    {
        string? reason = s_unavailableReason.Value;
        if (reason is null)
        {
            return;
        }

        if (RequiredByEnvironment)
        {
            Assert.Fail($"URING_REQUIRE_KERNEL=1 but io_uring is unavailable: {reason}");
        }

        Assert.Skip($"io_uring is unavailable here: {reason}");
    }

    /// <summary>
    /// For a kernel test that cannot set up what it needs besides io_uring (a loop device, a file system with
    /// user xattrs): the same rule, fail when <c>URING_REQUIRE_KERNEL=1</c>, skip with the reason otherwise.
    /// </summary>
    public static void Unavailable(string what, string reason)
    {
        if (RequiredByEnvironment)
        {
            Assert.Fail($"URING_REQUIRE_KERNEL=1 but the test cannot set up {what}: {reason}");
        }

        Assert.Skip($"Cannot set up {what}: {reason}");
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
