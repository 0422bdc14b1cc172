using System;

namespace Uring.AspNetCore.Tests.Support;

/// <summary>Deterministic bytes: the same length and seed give the same bytes on the server and in the test.</summary>
internal static class Payload
{
    public static byte[] Create(int length, int seed)
    {
        byte[] bytes = new byte[length];
        Fill(bytes, seed);
        return bytes;
    }

    /// <summary>xorshift32 from <paramref name="seed"/>: cheap, and a shifted or lost byte changes what follows.</summary>
    public static void Fill(Span<byte> bytes, int seed)
    {
        uint state = (uint)seed * 2654435761u | 1;
        for (int i = 0; i < bytes.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }
    }
}
