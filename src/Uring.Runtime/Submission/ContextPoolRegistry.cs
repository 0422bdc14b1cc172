using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Uring;

/// <summary>
/// The slabs of every live <see cref="ContextPools"/> (its Indirect and its Extended slab), and the one
/// resolver every decoding of a pooled pointer goes through: a tag, or the low bits of a pointer-mode
/// <see cref="SqeContext"/>, names a slot only if its address lies inside a live slab of the right kind,
/// sits on a slot boundary, and the slot is rented now at the tag's generation. Nothing dereferences a
/// pooled address that did not resolve, so a wild <c>user_data</c>, a stale handle or a completion posted
/// by another process is reported, never followed.
/// </summary>
/// <remarks>
/// Reads are lock-free: a lookup reads the current snapshot (an immutable array) once and scans it, one
/// unsigned compare per live slab, then reads the slot's state word. Pools register when they are created
/// and unregister when they are disposed; those rare writes copy the array under a lock and publish the new
/// one. A ring classifies its own completions against its own two slabs without looking here.
/// </remarks>
internal static unsafe class ContextPoolRegistry
{
    private const int ModeShift = 62;

    private static readonly Lock s_writeGate = new();
    private static Entry[] s_entries = [];

    public static void Register(ContextPools pools, NativeSlotPool indirect, NativeSlotPool extended)
    {
        lock (s_writeGate)
        {
            Entry[] current = s_entries;
            Entry[] next = new Entry[current.Length + 2];
            current.CopyTo(next, 0);
            next[^2] = new Entry(indirect, SqeContextMode.Indirect, pools);
            next[^1] = new Entry(extended, SqeContextMode.Extended, pools);
            Volatile.Write(ref s_entries, next);
        }
    }

    /// <summary>Removes both slabs of <paramref name="pools"/>; does nothing if they are not registered.</summary>
    public static void Unregister(ContextPools pools)
    {
        lock (s_writeGate)
        {
            Entry[] current = s_entries;
            int kept = 0;
            foreach (Entry entry in current)
            {
                kept += ReferenceEquals(entry.Pools, pools) ? 0 : 1;
            }

            if (kept == current.Length)
            {
                return;
            }

            Entry[] next = new Entry[kept];
            int at = 0;
            foreach (Entry entry in current)
            {
                if (!ReferenceEquals(entry.Pools, pools))
                {
                    next[at++] = entry;
                }
            }

            Volatile.Write(ref s_entries, next);
        }
    }

    /// <summary>
    /// Resolves a pointer-mode <c>user_data</c>: true, with the pools and the slot's address, only if its
    /// mode bits say Indirect or Extended and it names a slot of that kind rented now at its generation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryResolve(ulong raw, out ContextPools? pools, out byte* slot)
    {
        SqeContextMode mode = (SqeContextMode)(raw >> ModeShift);
        if (mode is not (SqeContextMode.Indirect or SqeContextMode.Extended))
        {
            pools = null;
            slot = null;
            return false;
        }

        return Resolve(raw & ContextTag.Mask, mode, out pools, out slot) == SlotStatus.Rented;
    }

    /// <summary>
    /// What <paramref name="tag"/> names among the live slabs of <paramref name="kind"/>
    /// (<see cref="SqeContextMode.Indirect"/> or <see cref="SqeContextMode.Extended"/>). <paramref name="pools"/>
    /// is set whenever the address lies inside a live slab, <paramref name="slot"/> only when it resolved.
    /// </summary>
    public static SlotStatus Resolve(ulong tag, SqeContextMode kind, out ContextPools? pools, out byte* slot)
    {
        nuint address = ContextTag.AddressOf(tag);
        Entry[] entries = Volatile.Read(ref s_entries);
        for (int i = 0; i < entries.Length; i++)
        {
            Entry entry = entries[i];
            if (entry.Kind == kind && address - entry.Start < entry.Length)
            {
                pools = entry.Pools;
                return entry.Pool.Classify(address, ContextTag.GenerationOf(tag), out slot);
            }
        }

        pools = null;
        slot = null;
        return SlotStatus.Unknown;
    }

    private readonly struct Entry(NativeSlotPool pool, SqeContextMode kind, ContextPools pools)
    {
        public readonly nuint Start = (nuint)pool.Slab;
        public readonly nuint Length = pool.SlabLength;
        public readonly NativeSlotPool Pool = pool;
        public readonly SqeContextMode Kind = kind;
        public readonly ContextPools Pools = pools;
    }
}
