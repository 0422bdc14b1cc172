using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace Uring.Tests.Support;

/// <summary>The kernel threads io_uring runs inside this process (SQPOLL threads are named <c>iou-sqp-PID</c>), from /proc.</summary>
internal static class KernelThreads
{
    /// <summary>Thread ids of this process whose name starts with <paramref name="prefix"/>.</summary>
    public static HashSet<int> Named(string prefix)
    {
        HashSet<int> found = [];
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add(int.Parse(Path.GetFileName(task)));
                }
            }
            catch (IOException)
            {
                // The thread exited while the directory was read.
            }
        }

        return found;
    }

    /// <summary>SQPOLL threads that are in <c>Named("iou-sqp-")</c> now but not in <paramref name="before"/>.</summary>
    public static HashSet<int> NewSqPollThreads(HashSet<int> before)
    {
        HashSet<int> now = Named("iou-sqp-");
        now.ExceptWith(before);
        return now;
    }

    /// <summary>The <c>Cpus_allowed_list</c> line of thread <paramref name="tid"/> ("1", "0-1").</summary>
    public static string AllowedCpus(int tid)
    {
        foreach (string line in File.ReadAllLines($"/proc/self/task/{tid}/status"))
        {
            if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            {
                return line["Cpus_allowed_list:".Length..].Trim();
            }
        }

        throw new InvalidOperationException($"Thread {tid} has no Cpus_allowed_list.");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or 10 s pass.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }
}
