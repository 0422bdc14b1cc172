using System;
using System.Globalization;
using Uring;
using Uring.Samples.EchoServer;

// A TCP echo server on 127.0.0.1 built with typed contexts and completion handlers, driven by an
// in-process client on the same ring and thread. It ends by itself after the requested number of
// requests and prints requests/s and the bytes allocated per request in steady state (measured).
//   dotnet run -c Release --project samples/Uring.Samples.EchoServer -- [--port N] [--requests N] [--connections N] [--size N]
int port = Option("--port", 0);                 // 0: any free port
int requests = Option("--requests", 200_000);
int connections = Option("--connections", 16);
int size = Option("--size", 64);
if (requests < 10 || connections < 1 || size < 8 || port < 0 || port > 65535)
{
    Console.Error.WriteLine("usage: [--port 0..65535] [--requests >= 10] [--connections >= 1] [--size >= 8]");
    return 64;
}

connections = Math.Min(connections, requests);
int warmup = Math.Max(requests / 10, 1);

// Room for every connection's context and op (server + client side), the accept, and closes.
int entries = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, (connections * 4) + 16));
using Ring ring = new(new RingOptions { Entries = entries, NotifySucceed = true });
ring.Start();

EchoServer server = EchoServer.Start(ring, port, size);
LoadClient client = new(server.Port, connections, requests, size, warmup);
client.Start(ring);
Console.WriteLine($"echo server on 127.0.0.1:{server.Port}: {connections} connection{(connections == 1 ? "" : "s")}, {requests:N0} requests of {size} bytes (one ring, one thread)");

CqeView[] batch = new CqeView[256];
int closeFailures = 0;
while (!(client.Finished && server.Accepted == connections && server.OpenConnections == 0))
{
    int count = ring.WaitFor(batch, 1, TimeSpan.FromSeconds(5));
    if (count == 0)
    {
        Console.Error.WriteLine($"stalled: {client.Completed:N0} of {requests:N0} requests answered, {server.OpenConnections} server connections open");
        return 1;
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

double seconds = client.MeasuredTime.TotalSeconds;
double perRequest = (double)client.MeasuredBytes / client.MeasuredRequests;
Console.WriteLine($"  steady state: {client.MeasuredRequests:N0} requests in {seconds:F2} s = {client.MeasuredRequests / seconds:N0} requests/s");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated: {client.MeasuredBytes:N0} bytes over {client.MeasuredRequests:N0} requests = {perRequest:F2} bytes per request"));
Console.WriteLine($"  verified: {client.Completed - client.Mismatches:N0} of {client.Completed:N0} echoes matched; {server.Accepted} connections accepted and closed; pool {ring.Pools.ExtendedAvailable}/{ring.Pools.Capacity} free");

bool ok = client.Mismatches == 0 && client.Completed == requests && server.Failure == Errno.None && closeFailures == 0
    && ring.Pools.ExtendedAvailable == ring.Pools.Capacity;
if (!ok)
{
    Console.Error.WriteLine($"FAILED: mismatches {client.Mismatches}, server failure {server.Failure}, failed closes {closeFailures}");
    return 1;
}

// The claim of the sample, checked: nothing on the request path allocates.
return client.MeasuredBytes == 0 ? 0 : 2;

int Option(string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
