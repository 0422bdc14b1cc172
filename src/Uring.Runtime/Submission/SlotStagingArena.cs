using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// Per-SQ-slot memory for data the kernel reads when it <em>consumes</em> an SQE (paths, timespecs,
/// sockaddrs, iovec arrays, msghdrs). Each slot owns <see cref="InlineSize"/> inline bytes; larger data
/// spills into a native block chained to the slot. A slot's staging is reset when the slot is reserved
/// again, which can only happen after the kernel's SQ head has passed it, so staged data lives exactly
/// as long as the kernel needs it and nothing on this path touches the GC heap.
/// </summary>
internal sealed unsafe class SlotStagingArena : IDisposable
{
    /// <summary>Inline bytes per slot: two 128-byte paths, a sockaddr_storage and an iovec array fit.</summary>
    public const int InlineSize = 512;

    private const int OverflowHeader = 16;

    private readonly uint _slots;
    private byte* _inline;
    private byte** _overflow;

    public SlotStagingArena(uint slots)
    {
        _slots = slots;
        _inline = (byte*)NativeMemory.AlignedAlloc((nuint)slots * InlineSize, 64);
        _overflow = (byte**)NativeMemory.AllocZeroed((nuint)slots, (nuint)sizeof(byte*));
    }

    /// <summary>Slots holding a spill chain now (for tests).</summary>
    public uint SpilledSlots => _spilledSlots;

    /// <summary>True when some slot holds a spill chain, which the reservation path frees (the fast prep path declines then).</summary>
    public bool HasSpilledSlots
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _spilledSlots != 0;
    }

    public byte* InlineFor(uint index) => _inline + ((nuint)index * InlineSize);

    // Slots holding a spill chain: 0 almost always, so a reservation's reset is one test (every prep does one).
    private uint _spilledSlots;

    /// <summary>Frees what slot <paramref name="index"/> spilled last time it was used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reset(uint index)
    {
        if (_spilledSlots != 0)
        {
            ResetSpilled(index);
        }
    }

    private void ResetSpilled(uint index)
    {
        byte* block = _overflow[index];
        if (block != null)
        {
            FreeChain(block);
            _overflow[index] = null;
            _spilledSlots--;
        }
    }

    /// <summary>Allocates a spill block for slot <paramref name="index"/>, freed with the slot's next reset.</summary>
    public byte* AllocateOverflow(uint index, int size)
    {
        byte* block = (byte*)NativeMemory.AlignedAlloc((nuint)(size + OverflowHeader), 16);
        if (_overflow[index] == null)
        {
            _spilledSlots++;
        }

        *(byte**)block = _overflow[index];
        _overflow[index] = block;
        return block + OverflowHeader;
    }

    public void Dispose()
    {
        if (_inline == null)
        {
            return;
        }

        for (uint i = 0; i < _slots; i++)
        {
            ResetSpilled(i);
        }

        NativeMemory.AlignedFree(_inline);
        NativeMemory.Free(_overflow);
        _inline = null;
        _overflow = null;
    }

    private static void FreeChain(byte* block)
    {
        while (block != null)
        {
            byte* next = *(byte**)block;
            NativeMemory.AlignedFree(block);
            block = next;
        }
    }
}
