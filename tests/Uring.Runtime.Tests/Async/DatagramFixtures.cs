using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Uring.Tests.Async;

/// <summary>UDP sockets on loopback, movable buffers and compacting collections for the datagram and poll tests.</summary>
internal static class DatagramFixtures
{
    /// <summary>A UDP socket bound to an ephemeral port on the loopback address of <paramref name="family"/>.</summary>
    public static Socket BoundUdp(AddressFamily family)
    {
        Socket socket = new(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>The socket's bound address as an <see cref="IPEndPoint"/>.</summary>
    public static IPEndPoint LocalEndPoint(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    /// <summary><paramref name="length"/> bytes 0, 1, 2, ... (mod 251, so no run repeats at a power of two).</summary>
    public static byte[] Pattern(int length, int seed = 0)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i + seed) % 251);
        }

        return bytes;
    }

    /// <summary>A plain array between short-lived garbage, so compaction moves it if it can.</summary>
    public static byte[] MovableBuffer(int length)
    {
        object[] before = new object[64];
        for (int i = 0; i < before.Length; i++)
        {
            before[i] = new byte[1024];
        }

        byte[] buffer = new byte[length];
        GC.KeepAlive(before);
        return buffer;
    }

    /// <summary>Where the array's data is now (it stays put only while pinned).</summary>
    public static unsafe nint AddressOf(byte[] array) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>Blocking, compacting, full collections: an unpinned array would move.</summary>
    public static void ForceCompactingCollections()
    {
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[16 * 1024];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
