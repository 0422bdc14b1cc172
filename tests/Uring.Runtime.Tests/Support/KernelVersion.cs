using System;
using System.IO;

namespace Uring.Tests.Support;

/// <summary>The running kernel's version (/proc/sys/kernel/osrelease), for tests whose expected answer changes with it.</summary>
internal static class KernelVersion
{
    private static readonly Lazy<Version> s_version = new(() =>
    {
        string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string[] parts = release.Split('.', '-');
        return new Version(int.Parse(parts[0]), int.Parse(parts[1]));
    });

    public static Version Current => s_version.Value;

    public static bool AtLeast(int major, int minor) => Current >= new Version(major, minor);
}
