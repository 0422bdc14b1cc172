using System;
using Uring;

namespace Uring.Samples.EchoServer;

/// <summary>One complete run: a ring, the server, the client, every connection opened, used, closed, and the ring disposed.</summary>
public sealed class EchoRun
{
    private EchoRun(LoadClient client, EchoServer server, int closeFailures, int capacity, int extendedFree, int indirectFree)
    {
        Client = client;
        Server = server;
        CloseFailures = closeFailures;
        PoolCapacity = capacity;
        ExtendedFree = extendedFree;
        IndirectFree = indirectFree;
    }

    public LoadClient Client { get; }

    public EchoServer Server { get; }

    public int CloseFailures { get; }

    public int PoolCapacity { get; }

    /// <summary>Extended contexts free when the run ended (all of them, unless one leaked).</summary>
    public int ExtendedFree { get; }

    public int IndirectFree { get; }

    public bool PoolsReturned => ExtendedFree == PoolCapacity && IndirectFree == PoolCapacity;

    /// <summary>Runs to the end; null (after printing why) if the run stalled.</summary>
    public static EchoRun? Run(int port, int connections, int requests, int size, int warmup, TimeSpan? duration, bool verify, Action<EchoServer>? started = null)
    {
        // Room for every connection's context and op (server + client side), the accept, and closes.
        int entries = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, (connections * 4) + 16));
        using Ring ring = new(new RingOptions { Entries = entries, NotifySucceed = true });
        ring.Start();

        EchoServer server = EchoServer.Start(ring, port, size);
        LoadClient client = new(server.Port, connections, requests, size, warmup, duration, verify);
        client.Start(ring);
        started?.Invoke(server);

        CqeView[] batch = new CqeView[256];
        int closeFailures = 0;
        while (!(client.Finished && server.Accepted == connections && server.OpenConnections == 0))
        {
            int count = ring.Wait(batch, 1, TimeSpan.FromSeconds(5));
            if (count == 0)
            {
                Console.Error.WriteLine($"stalled: {client.Completed:N0} requests answered, {server.OpenConnections} server connections open");
                return null;
            }

            for (int i = 0; i < count; i++)
            {
                // Every context here has its handler slot at offset 0, so one generated Dispatch runs them all;
                // ServerOp's knows every [UringHandler] of the sample and calls each directly.
                if (!ServerOp.Dispatch(ring, in batch[i]) && batch[i].Result < 0)
                {
                    closeFailures++;    // closes carry a Value context and need no handler
                }
            }
        }

        server.Stop(ring);

        // Every pooled context must be back before the ring goes.
        return new EchoRun(client, server, closeFailures, ring.Pools.Capacity, ring.Pools.ExtendedAvailable, ring.Pools.IndirectAvailable);
    }
}
