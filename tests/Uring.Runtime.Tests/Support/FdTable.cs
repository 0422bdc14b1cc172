using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Uring.Tests.Support;

/// <summary>
/// The process's io_uring, eventfd and socket descriptors, read from <c>/proc/self/fd</c> as (number, link target)
/// pairs. A plain count of <c>/proc/self/fd</c> also moves when the runtime opens or closes something of its own (an
/// epoll, a pipe, two descriptors for each assembly it loads the first time) or when an earlier test's objects are
/// finalized late, so leak checks compare only the kinds of descriptor a ring or an event loop can leak, and by
/// identity: a socket's target names its inode, and a number and target together name a ring or an eventfd.
/// </summary>
internal static class FdTable
{
    /// <summary>The io_uring, eventfd and socket descriptors open now.</summary>
    public static HashSet<(int Fd, string Target)> Snapshot()
    {
        HashSet<(int, string)> entries = new();
        foreach (string path in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(path), out int fd))
            {
                continue;
            }

            string? target = Posix.FdTarget(fd);
            if (target is not null && KindOf(target) is not null)
            {
                entries.Add((fd, target));
            }
        }

        return entries;
    }

    /// <summary>The io_uring, eventfd and socket descriptors opened since <paramref name="before"/> and still open.</summary>
    public static List<(int Fd, string Target)> OpenedSince(HashSet<(int Fd, string Target)> before) =>
        Snapshot().Where(entry => !before.Contains(entry)).OrderBy(entry => entry.Fd).ToList();

    /// <summary>
    /// The kinds ("io_uring", "eventfd", "socket") of the descriptors opened since <paramref name="before"/> and still
    /// open, sorted, one entry per descriptor: what a test compares with what it expects an object to hold.
    /// </summary>
    public static string[] KindsOpenedSince(HashSet<(int Fd, string Target)> before) =>
        OpenedSince(before).Select(entry => KindOf(entry.Target)!).Order(System.StringComparer.Ordinal).ToArray();

    /// <summary>Fails naming every io_uring, eventfd or socket descriptor opened since <paramref name="before"/> and still open.</summary>
    public static void AssertNoneOpenedSince(HashSet<(int Fd, string Target)> before)
    {
        List<(int Fd, string Target)> leaked = OpenedSince(before);
        Assert.True(leaked.Count == 0, "still open: " + string.Join(", ", leaked.Select(entry => $"{entry.Fd} -> {entry.Target}")));
    }

    /// <summary>The kind a leak check tracks, from a <c>/proc/self/fd</c> link target; null for every other kind.</summary>
    private static string? KindOf(string target) => target switch
    {
        "anon_inode:[io_uring]" => "io_uring",
        "anon_inode:[eventfd]" => "eventfd",
        _ when target.StartsWith("socket:", System.StringComparison.Ordinal) => "socket",
        _ => null,
    };
}
