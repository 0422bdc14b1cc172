using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>An echo server and its clients on two loops: 10,000 checksummed messages over 64 connections, every byte checked.</summary>
public sealed class EventLoopEchoTests
{
    private const int Connections = 64;
    private const int MessagesPerConnection = 157; // 64 x 157 = 10,048 messages

    [Fact]
    public async Task Ten_thousand_checksummed_messages_over_64_connections_across_2_loops()
    {
        Support.KernelRequirement.Require();
        await using EventLoopGroup group = new(2, new EventLoopOptions { Entries = 256 });
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(Connections);
        EndPoint address = listener.LocalEndPoint!;

        // Accept on the first loop and serve each connection on the next loop of the group.
        EventLoop acceptor = group.Loops[0];
        Task serving = acceptor.RunAsync(async () =>
        {
            Task[] servers = new Task[Connections];
            for (int i = 0; i < Connections; i++)
            {
                Socket connection = await acceptor.AcceptAsync(listener);
                EventLoop home = group.Next();
                servers[i] = home.RunAsync(() => Echo(home, connection));
            }

            await Task.WhenAll(servers);
        });

        Task<int>[] clients = new Task<int>[Connections];
        for (int i = 0; i < Connections; i++)
        {
            EventLoop home = group.Next();
            int seed = i;
            clients[i] = home.RunAsync(() => Client(home, address, seed));
        }

        int[] verified = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await serving.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.All(verified, count => Assert.Equal(MessagesPerConnection, count));
    }

    /// <summary>Echoes until the peer shuts its side down (every send completed in full), then closes.</summary>
    private static async Task Echo(EventLoop loop, Socket connection)
    {
        using (connection)
        {
            byte[] buffer = new byte[8192];
            while (true)
            {
                int read = await loop.ReceiveAsync(connection, buffer);
                if (read == 0)
                {
                    return;
                }

                for (int sent = 0; sent < read;)
                {
                    sent += await loop.SendAsync(connection, buffer.AsMemory(sent, read - sent));
                }
            }
        }
    }

    /// <summary>Sends messages of [length][sequence][payload][FNV-1a checksum], reads each echo back and checks all of it.</summary>
    private static async Task<int> Client(EventLoop loop, EndPoint address, int seed)
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await loop.ConnectAsync(socket, address);
        Random random = new(seed);
        byte[] message = new byte[4 + 4 + 2048 + 4];
        byte[] echo = new byte[message.Length];
        int verified = 0;
        for (int sequence = 0; sequence < MessagesPerConnection; sequence++)
        {
            int payload = random.Next(1, 2048);
            int length = 4 + 4 + payload + 4;
            BinaryPrimitives.WriteInt32LittleEndian(message, length);
            BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), sequence);
            random.NextBytes(message.AsSpan(8, payload));
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8 + payload), Checksum(message.AsSpan(0, 8 + payload)));
            for (int sent = 0; sent < length;)
            {
                sent += await loop.SendAsync(socket, message.AsMemory(sent, length - sent));
            }

            for (int received = 0; received < length;)
            {
                int read = await loop.ReceiveAsync(socket, echo.AsMemory(received, length - received));
                Assert.NotEqual(0, read);
                received += read;
            }

            Assert.Equal(length, BinaryPrimitives.ReadInt32LittleEndian(echo));
            Assert.Equal(sequence, BinaryPrimitives.ReadInt32LittleEndian(echo.AsSpan(4)));
            Assert.Equal(Checksum(echo.AsSpan(0, 8 + payload)), BinaryPrimitives.ReadUInt32LittleEndian(echo.AsSpan(8 + payload)));
            Assert.True(message.AsSpan(0, length).SequenceEqual(echo.AsSpan(0, length)));
            verified++;
        }

        await loop.ShutdownAsync(socket, SocketShutdown.Send);
        Assert.Equal(0, await loop.ReceiveAsync(socket, echo));
        return verified;
    }

    /// <summary>FNV-1a over <paramref name="bytes"/>: any changed, lost or reordered byte changes it.</summary>
    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
