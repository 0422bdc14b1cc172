using System;
using System.Collections.Generic;
using System.Globalization;
using Uring;
using Uring.Samples.EchoServer;

// A TCP echo server on 127.0.0.1 built with typed contexts and completion handlers, driven by an
// in-process client on the same ring and thread. It ends by itself after the requested number of
// requests (or seconds) and prints requests/s and, in request mode, the bytes allocated per request in
// steady state (measured). --verify checksums every payload and checks every echoed byte. Every run then
// checks for leaks: the ring's context pools all free, and the process's descriptors and io_uring
// mappings back to what they were before the ring existed.
//   dotnet run -c Release --project samples/Uring.Samples.EchoServer -- [--port N] [--requests N] [--connections N] [--size N]
//   dotnet run -c Release --project samples/Uring.Samples.EchoServer -- --seconds 60 --connections 256 --verify
int port = Option("--port", 0);                 // 0: any free port
int requests = Option("--requests", 200_000);
int seconds = Option("--seconds", 0);           // > 0: run for this long instead of a request count
int connections = Option("--connections", 16);
bool verify = Array.IndexOf(args, "--verify") >= 0;
int size = Option("--size", verify ? 512 : 64);
int minimumSize = verify ? Payload.MinimumSize : 8;
if (requests < 10 || seconds < 0 || connections < 1 || size < minimumSize || port < 0 || port > 65535)
{
    Console.Error.WriteLine($"usage: [--port 0..65535] [--requests >= 10 | --seconds >= 1] [--connections >= 1] [--size >= {minimumSize}] [--verify]");
    return 64;
}

bool timed = seconds > 0;
if (!timed)
{
    connections = Math.Min(connections, requests);
}

// Warm-up runs first load every assembly and runtime service the real run uses, and let tiered
// compilation settle (each holds descriptors, mappings and native heap for the life of the process), so
// the baseline taken after them only moves if the real run leaks. They repeat until a run changes nothing.
ProcessResources? settled = null;
for (int round = 0; round < 10; round++)
{
    if (EchoRun.Run(0, 4, 2000, size, 1, null, verify) is null)
    {
        return 1;
    }

    GC.Collect();
    GC.WaitForPendingFinalizers();
    ProcessResources now = ProcessResources.Read();
    bool unchanged = settled is not null && now.Mappings == settled.Mappings && Math.Abs(now.NativeHeapBytes - settled.NativeHeapBytes) < 16 * 1024;
    settled = now;
    if (unchanged && round >= 2)
    {
        break;
    }
}

// Printing also belongs before the baseline: the console opens its descriptors on first use.
string what = timed ? $"{seconds} s" : $"{requests:N0} requests";
Console.WriteLine($"echo server on 127.0.0.1: {connections} connection{(connections == 1 ? "" : "s")}, {what} of {size} bytes{(verify ? ", checksummed and verified" : "")} (one ring, one thread)");
Console.Error.Flush();
GC.Collect();
GC.WaitForPendingFinalizers();
ProcessResources baseline = ProcessResources.Read();

EchoRun? run = EchoRun.Run(port, connections, requests, size, timed ? connections * 4 : Math.Max(requests / 10, 1), timed ? TimeSpan.FromSeconds(seconds) : null, verify);
if (run is null)
{
    return 1;
}

GC.Collect();
GC.WaitForPendingFinalizers();
ProcessResources after = ProcessResources.Read();
LoadClient client = run.Client;

double measured = client.MeasuredTime.TotalSeconds;
Console.WriteLine($"  steady state: {client.MeasuredRequests:N0} requests in {measured:F2} s = {client.MeasuredRequests / Math.Max(measured, 1e-9):N0} requests/s");
if (!timed)
{
    double perRequest = (double)client.MeasuredBytes / client.MeasuredRequests;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated: {client.MeasuredBytes:N0} bytes over {client.MeasuredRequests:N0} requests = {perRequest:F2} bytes per request"));
}

Console.WriteLine($"  verified: {client.Completed - client.Mismatches:N0} of {client.Completed:N0} echoes matched{(verify ? " (sequence, connection, checksum and every byte)" : "")}; {run.Server.Accepted} connections accepted and closed");
Console.WriteLine($"  bytes moved: {client.BytesMoved:N0} (requests sent + echoes received by the client), {client.Mismatches} lost or corrupted");
Console.WriteLine($"  pools: Extended {run.ExtendedFree}/{run.PoolCapacity} free, Indirect {run.IndirectFree}/{run.PoolCapacity} free");
Console.WriteLine($"  process: before {baseline}; after {after}");

bool echoed = client.Mismatches == 0 && (timed || client.Completed == requests) && run.Server.Failure == Errno.None && run.CloseFailures == 0;
if (!echoed)
{
    Console.Error.WriteLine($"FAILED: mismatches {client.Mismatches}, server failure {run.Server.Failure}, failed closes {run.CloseFailures}");
    return 1;
}

List<string> leaks = [.. after.LeaksSince(baseline)];
if (!run.PoolsReturned)
{
    leaks.Add($"{run.PoolCapacity - run.ExtendedFree} Extended and {run.PoolCapacity - run.IndirectFree} Indirect contexts never returned");
}

if (leaks.Count > 0)
{
    Console.Error.WriteLine("FAILED: leaks found:");
    foreach (string leak in leaks)
    {
        Console.Error.WriteLine($"  {leak}");
    }

    return 3;
}

Console.WriteLine($"  leaks: none (every pooled context free; descriptors and io_uring mappings exactly as before; other mappings {after.Mappings - baseline.Mappings:+#;-#;0} and native heap {after.NativeHeapBytes - baseline.NativeHeapBytes:+#;-#;0} bytes, within the runtime's own slack)");

// The claim of the sample, checked: nothing on the request path allocates.
return timed || client.MeasuredBytes == 0 ? 0 : 2;

int Option(string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
