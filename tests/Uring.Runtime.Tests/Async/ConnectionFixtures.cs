using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Uring.Tests.Async;

/// <summary>TCP loopback listeners, connected pairs of <see cref="LoopConnection"/>s, checksummed data.</summary>
internal static class ConnectionFixtures
{
    /// <summary>A listening TCP socket on 127.0.0.1 with a port the kernel picked.</summary>
    public static Socket Listen(int backlog = 512)
    {
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>A client connection on <paramref name="clientLoop"/> and the accepted one on <paramref name="serverLoop"/>.</summary>
    public static async Task<(LoopConnection Client, LoopConnection Server)> PairAsync(Socket listener, EventLoop clientLoop, EventLoop serverLoop)
    {
        ValueTask<LoopConnection> accepted = serverLoop.AcceptConnectionAsync(listener);
        LoopConnection client = await clientLoop.ConnectAsync(listener.LocalEndPoint!).Bounded();
        LoopConnection server = await accepted.Bounded();
        return (client, server);
    }

    /// <summary><paramref name="length"/> pseudo-random bytes from <paramref name="seed"/>.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>FNV-1a: any changed, lost or reordered byte changes it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }

    /// <summary>Reads <paramref name="stream"/> to its end.</summary>
    public static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using MemoryStream all = new();
        byte[] buffer = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }
}
