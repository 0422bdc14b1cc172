using System.Runtime.CompilerServices;

namespace Uring;

/// <summary>
/// The 64-bit value an <see cref="ExtendedSqe"/> or <see cref="IndirectSqe"/> holds, and the low 62 bits of a
/// pointer-mode <see cref="SqeContext"/>: the slot's address in bits 0–47 and the generation the slot was
/// rented with in bits 48–61 (bits 62–63 stay free for the context mode). The generation is what tells a
/// handle or a completion of an earlier rental from the current one: the address alone cannot.
/// </summary>
internal static class ContextTag
{
    /// <summary>Bits of address (user-space addresses on x86-64 and arm64 with 4-level paging fit).</summary>
    public const int AddressBits = 48;

    /// <summary>Bits of generation.</summary>
    public const int GenerationBits = 14;

    public const ulong AddressMask = (1UL << AddressBits) - 1;

    public const uint GenerationMask = (1u << GenerationBits) - 1;

    /// <summary>Everything a tag may use: bits 0–61.</summary>
    public const ulong Mask = (1UL << (AddressBits + GenerationBits)) - 1;

    /// <summary>The first address a slab may not reach.</summary>
    public const ulong AddressLimit = 1UL << AddressBits;

    /// <summary>
    /// True when a raw <c>user_data</c> claims a pooled slot (Indirect = 1 or Extended = 2 in bits 62–63): one
    /// subtraction and compare, since modes 0 and 3 wrap past 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ClaimsPooledSlot(ulong userData) => (userData >> 62) - 1 <= 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(nuint address, uint generation) => (ulong)address | ((ulong)(generation & GenerationMask) << AddressBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint AddressOf(ulong tag) => (nuint)(tag & AddressMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GenerationOf(ulong tag) => (uint)(tag >> AddressBits) & GenerationMask;
}

/// <summary>What a tag names in the live pools.</summary>
internal enum SlotStatus : byte
{
    /// <summary>A slot rented now, at the tag's generation.</summary>
    Rented,

    /// <summary>A slot of a live pool that is free, or was rented again since (another generation).</summary>
    Returned,

    /// <summary>An address inside a live slab that is not on a slot boundary.</summary>
    Misaligned,

    /// <summary>An address in no live slab of the asked kind (a wild value, or pools that were disposed).</summary>
    Unknown,
}
