using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>The README's "Loops talking to each other" example, as written there, serves every connection.</summary>
public sealed class ReadmeHandOffExampleTests
{
    private static int s_served;

    [Fact]
    public async Task The_hand_off_example_spreads_accepted_connections_over_the_group()
    {
        const int connections = 24;
        Uring.Tests.Support.KernelRequirement.Require();
        Volatile.Write(ref s_served, 0);
        using Socket listener = ConnectionFixtures.Listen();
        int listenerFd = (int)listener.Handle;
        Socket[] clients = new Socket[connections];
        Task[] exchanges = new Task[connections];
        for (int i = 0; i < connections; i++)
        {
            clients[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await clients[i].ConnectAsync(listener.LocalEndPoint!).Bounded();
            exchanges[i] = ExchangeAsync(clients[i], i);
        }


        // The README's code, unchanged from here.
        await using EventLoopGroup group = new();
        group.HandOffReceived = (loop, fd) =>                      // on the receiving loop's thread, which owns fd from now on
        {
            LoopConnection connection = loop.AdoptConnection(fd);  // or new Socket(new SafeSocketHandle(fd, true))
            _ = EchoAsync(connection);                             // every await in it resumes on that loop
        };

        EventLoop acceptor = group.Loops[0];
        await acceptor.RunAsync(async () =>
        {
            for (int i = 0; i < connections; i++)
            {
                int fd = await acceptor.AcceptAsync(listenerFd);
                EventLoop target = group.Next();
                if (target == acceptor)
                {
                    _ = EchoAsync(acceptor.AdoptConnection(fd));
                }
                else if (!group.TryHandOff(fd, target))            // 64 hand-offs in flight: post it instead
                {
                    target.Post(static (int passed) => _ = EchoAsync(EventLoop.Current!.AdoptConnection(passed)), fd);
                }
            }
        }).Bounded();

        // Up to here.
        try
        {
            await Task.WhenAll(exchanges).Bounded();
        }
        finally
        {
            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        LoopFixtures.Eventually(() => Volatile.Read(ref s_served) == connections, "every connection was served");
        long received = 0;
        foreach (EventLoop loop in group.Loops)
        {
            received += loop.GetStatistics().HandOffsReceived;
        }

        Assert.Equal(connections - (connections / group.Count), received);
    }

    /// <summary>Echoes one 16-byte message on the connection's loop, then closes it.</summary>
    private static async Task EchoAsync(LoopConnection connection)
    {
        await using (connection)
        {
            byte[] buffer = new byte[16];
            int total = 0;
            while (total < buffer.Length)
            {
                int received = await connection.ReceiveAsync(buffer.AsMemory(total));
                if (received == 0)
                {
                    return;
                }

                total += received;
            }

            await connection.SendAsync(buffer);
            Interlocked.Increment(ref s_served);
        }
    }

    private static async Task ExchangeAsync(Socket client, int i)
    {
        byte[] request = ConnectionFixtures.RandomBytes(16, i);
        await client.SendAsync(request);
        byte[] reply = new byte[16];
        int total = 0;
        while (total < reply.Length)
        {
            int read = await client.ReceiveAsync(reply.AsMemory(total));
            Assert.NotEqual(0, read);
            total += read;
        }

        Assert.Equal(request, reply);
    }
}
