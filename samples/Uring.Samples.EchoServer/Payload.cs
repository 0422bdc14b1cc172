using System;
using System.Buffers.Binary;

namespace Uring.Samples.EchoServer;

/// <summary>
/// Checksummed request payloads for <c>--verify</c>: [sequence: 8][connection: 4][pseudo-random bytes][FNV-1a 64 of
/// everything before it: 8]. The bytes differ for every request, so an echo of an old, lost, duplicated or
/// another connection's request cannot pass for the right one, and a corrupted byte breaks the checksum.
/// </summary>
public static class Payload
{
    public const int MinimumSize = 8 + 4 + 8;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Fills <paramref name="message"/> for request <paramref name="sequence"/> of connection <paramref name="connection"/>.</summary>
    public static void Fill(Span<byte> message, long sequence, int connection)
    {
        BinaryPrimitives.WriteInt64LittleEndian(message, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(message[8..], connection);
        ulong state = (ulong)sequence * 0x9E3779B97F4A7C15 ^ (ulong)connection;
        Span<byte> body = message[12..^8];
        for (int i = 0; i < body.Length; i++)
        {
            // xorshift64*: cheap, allocation-free, and different for every (sequence, connection).
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            body[i] = (byte)((state * 0x2545F4914F6CDD1D) >> 56);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(message[^8..], Checksum(message[..^8]));
    }

    /// <summary>True when <paramref name="reply"/> is exactly the request that was sent and its checksum holds.</summary>
    public static bool Verify(ReadOnlySpan<byte> reply, ReadOnlySpan<byte> request, long sequence, int connection)
        => reply.SequenceEqual(request)
           && BinaryPrimitives.ReadInt64LittleEndian(reply) == sequence
           && BinaryPrimitives.ReadInt32LittleEndian(reply[8..]) == connection
           && BinaryPrimitives.ReadUInt64LittleEndian(reply[^8..]) == Checksum(reply[..^8]);

    private static ulong Checksum(ReadOnlySpan<byte> data)
    {
        ulong hash = FnvOffset;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
