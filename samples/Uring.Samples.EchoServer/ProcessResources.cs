using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Uring.Samples.EchoServer;

/// <summary>
/// What the process holds, read from /proc and the C heap: open descriptors (with what each refers to),
/// memory mappings, the mappings of io_uring instances (rings, SQE arrays, kernel-allocated buffer rings),
/// and the native heap in use (<c>mallinfo2</c>: where the runtime's pools, staging and buffers live).
/// Taken before the ring exists and after it was disposed, they must match (see <see cref="LeaksSince"/>).
/// </summary>
public sealed partial record ProcessResources(IReadOnlyDictionary<int, string> Fds, int Mappings, int RingMappings, long NativeHeapBytes)
{
    /// <summary>
    /// Mappings and heap the .NET runtime itself may add during a run (JIT code for a path first taken late, GC
    /// regions). A ring of the soak's size holds far more than this: its two context slabs alone are 384 KiB.
    /// </summary>
    public const int MappingSlack = 8;
    public const long NativeHeapSlack = 64 * 1024;

    public int OpenFds => Fds.Count;

    public static ProcessResources Read()
    {
        Dictionary<int, string> fds = [];
        foreach (string entry in Directory.GetFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd))
            {
                try
                {
                    fds[fd] = new FileInfo(entry).LinkTarget ?? "?";
                }
                catch (IOException)
                {
                    // Closed between the listing and the read (the listing's own descriptor, for one).
                }
            }
        }

        string[] maps = File.ReadAllLines("/proc/self/maps");
        int rings = maps.Count(line => line.Contains("io_uring", StringComparison.Ordinal));
        MallInfo2 heap = mallinfo2();
        return new ProcessResources(fds, maps.Length, rings, (long)(heap.InUseSmall + heap.MappedBytes));
    }

    /// <summary>What grew since <paramref name="baseline"/> beyond the runtime's own noise; empty when nothing leaked.</summary>
    public IEnumerable<string> LeaksSince(ProcessResources baseline)
    {
        foreach (string fd in NewSince(baseline))
        {
            yield return $"new descriptor {fd}";
        }

        if (OpenFds != baseline.OpenFds)
        {
            yield return $"{OpenFds - baseline.OpenFds:+#;-#} open descriptors";
        }

        if (RingMappings != baseline.RingMappings)
        {
            yield return $"{RingMappings - baseline.RingMappings:+#;-#} io_uring mappings";
        }

        if (Mappings - baseline.Mappings > MappingSlack)
        {
            yield return $"+{Mappings - baseline.Mappings} mappings (more than the runtime's {MappingSlack})";
        }

        if (NativeHeapBytes - baseline.NativeHeapBytes > NativeHeapSlack)
        {
            yield return $"+{NativeHeapBytes - baseline.NativeHeapBytes} bytes of native heap (more than {NativeHeapSlack})";
        }
    }

    /// <summary>Descriptors open now that were not open in <paramref name="baseline"/> (or now refer to something else).</summary>
    public IEnumerable<string> NewSince(ProcessResources baseline)
        => Fds.Where(fd => !baseline.Fds.TryGetValue(fd.Key, out string? before) || before != fd.Value).Select(fd => $"{fd.Key} -> {fd.Value}");

    public override string ToString() => $"{OpenFds} open fds, {Mappings} mappings ({RingMappings} of io_uring), {NativeHeapBytes:N0} bytes of native heap";

    [LibraryImport("libc")]
    private static partial MallInfo2 mallinfo2();

    /// <summary>glibc's <c>struct mallinfo2</c> (10 size_t counters).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MappedBlocks;
        public readonly nuint MappedBytes;
        public readonly nuint MaxAllocated;
        public readonly nuint FreedSmallBytes;
        public readonly nuint InUseSmall;
        public readonly nuint FreeBytes;
        public readonly nuint KeepCost;
    }
}
