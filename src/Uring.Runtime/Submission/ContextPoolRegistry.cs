using System;
using System.Threading;

namespace Uring;

/// <summary>
/// The live <see cref="ContextPools"/>, keyed by the address range of their Extended slab, so that code
/// holding only an <see cref="ExtSqe"/> (a pointer) can find the pool it came from, and with it the
/// GC-visible table of the context's reference fields.
/// </summary>
/// <remarks>
/// Reads are lock-free: a lookup reads the current snapshot (an immutable array) once and scans it, one
/// unsigned compare per live pool. Pools register when they are created and unregister when they are
/// disposed; those rare writes copy the array under a lock and publish the new one. Only contexts with
/// reference fields ever look here: unmanaged-only contexts never touch the registry.
/// </remarks>
internal static class ContextPoolRegistry
{
    private static readonly Lock s_writeGate = new();
    private static Entry[] s_entries = [];

    /// <summary>Pools currently registered.</summary>
    public static int Count => Volatile.Read(ref s_entries).Length;

    public static void Register(ContextPools pools, nuint start, nuint length)
    {
        lock (s_writeGate)
        {
            Entry[] current = s_entries;
            Entry[] next = new Entry[current.Length + 1];
            current.CopyTo(next, 0);
            next[^1] = new Entry(start, length, pools);
            Volatile.Write(ref s_entries, next);
        }
    }

    /// <summary>Removes <paramref name="pools"/>; does nothing if it is not registered.</summary>
    public static void Unregister(ContextPools pools)
    {
        lock (s_writeGate)
        {
            Entry[] current = s_entries;
            int index = Array.FindIndex(current, entry => ReferenceEquals(entry.Pools, pools));
            if (index < 0)
            {
                return;
            }

            Entry[] next = new Entry[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            Volatile.Write(ref s_entries, next);
        }
    }

    /// <summary>The pools whose Extended slab holds <paramref name="address"/>, or null.</summary>
    public static ContextPools? Find(nuint address)
    {
        Entry[] entries = Volatile.Read(ref s_entries);
        for (int i = 0; i < entries.Length; i++)
        {
            ref readonly Entry entry = ref entries[i];
            if (address - entry.Start < entry.Length)
            {
                return entry.Pools;
            }
        }

        return null;
    }

    private readonly struct Entry(nuint start, nuint length, ContextPools pools)
    {
        public readonly nuint Start = start;
        public readonly nuint Length = length;
        public readonly ContextPools Pools = pools;
    }
}
