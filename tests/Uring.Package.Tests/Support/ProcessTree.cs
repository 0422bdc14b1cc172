using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Uring.Package.Tests.Support;

/// <summary>One process, named by its id and its start time (an id alone may be reused once the process is gone).</summary>
/// <param name="Id">The process id.</param>
/// <param name="StartTicks">The start time in clock ticks since boot (field 22 of /proc/&lt;pid&gt;/stat).</param>
/// <param name="Command">The command name, for messages.</param>
internal readonly record struct ProcessIdentity(int Id, long StartTicks, string Command)
{
    /// <summary>Whether this very process (same id and start time) still runs (a zombie has exited: it only waits to be reaped).</summary>
    public bool IsAlive => ProcessTree.TryRead(Id, out ProcessIdentity now, out _, out char state) && now.StartTicks == StartTicks && state != 'Z';
}

/// <summary>The descendants of a process, read from /proc (Linux), to prove a child left nothing running.</summary>
internal static class ProcessTree
{
    /// <summary>Every living descendant of <paramref name="rootId"/> (children, their children, ...).</summary>
    public static IReadOnlyList<ProcessIdentity> Descendants(int rootId)
    {
        Dictionary<int, List<ProcessIdentity>> children = [];
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int id)
                && TryRead(id, out ProcessIdentity process, out int parentId, out char state)
                && state != 'Z')
            {
                if (!children.TryGetValue(parentId, out List<ProcessIdentity>? siblings))
                {
                    children[parentId] = siblings = [];
                }

                siblings.Add(process);
            }
        }

        List<ProcessIdentity> found = [];
        Queue<int> pending = new([rootId]);
        while (pending.TryDequeue(out int parent))
        {
            if (children.TryGetValue(parent, out List<ProcessIdentity>? direct))
            {
                foreach (ProcessIdentity child in direct)
                {
                    found.Add(child);
                    pending.Enqueue(child.Id);
                }
            }
        }

        return found;
    }

    /// <summary>Reads /proc/<paramref name="id"/>/stat; false when the process is gone.</summary>
    public static bool TryRead(int id, out ProcessIdentity process, out int parentId, out char state)
    {
        process = default;
        parentId = 0;
        state = '?';
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{id}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after its last ')'.
        int open = stat.IndexOf('(', StringComparison.Ordinal);
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        string[] fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field n is fields[n - 3]: ppid is field 4, starttime field 22.
        if (fields.Length < 20 || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out parentId)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out long startTicks))
        {
            return false;
        }

        state = fields[0][0];
        process = new ProcessIdentity(id, startTicks, stat[(open + 1)..close]);
        return true;
    }
}
