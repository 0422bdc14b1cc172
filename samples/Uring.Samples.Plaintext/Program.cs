using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Uring;
using Uring.Samples.Plaintext;
using Uring.Samples.Shared;

// A minimal HTTP/1.1 server on event loops answering every GET with "Hello, World!" in the TechEmpower plaintext shape,
// with keep-alive and pipelining (the responses to requests that arrived together leave in one send).
//   dotnet run -c Release --project samples/Uring.Samples.Plaintext -- [--port 8080] [--loops N] [--listen accept|reuseport|msgring] [--seconds S]
//     serves until Ctrl+C (or S seconds); try: curl -i http://127.0.0.1:8080/plaintext
//   dotnet run -c Release --project samples/Uring.Samples.Plaintext -- --check
//     serves on a free port, checks single, pipelined, split and malformed requests byte for byte, and exits.
CommandLine options = new(args);
bool check;
int port, loops, seconds;
string listen;
try
{
    check = options.Flag("--check");
    port = options.Int("--port", check ? 0 : 8080);
    loops = options.Int("--loops", 0);
    seconds = options.Int("--seconds", 0);
    listen = options.String("--listen", "accept");
    options.RejectUnknown();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

if (port is < 0 or > 65535 || loops < 0 || seconds < 0 || !LoopListener.TryParseMode(listen, out ListenMode mode))
{
    Console.Error.WriteLine("usage: [--port P] [--loops N] [--listen accept|reuseport|msgring] [--seconds S] [--check]");
    return 64;
}

PlaintextResponse.EnsureRefreshing();
await using EventLoopGroup group = new(loops, new EventLoopOptions { Entries = 1024 });
LoopListener listener = LoopListener.Start(group, new IPEndPoint(IPAddress.Loopback, port), mode, HttpConnection.Serve);
Console.WriteLine($"plaintext HTTP/1.1 server on http://127.0.0.1:{listener.Port}/ ({group.Count} event loop{(group.Count == 1 ? "" : "s")}, {LoopListener.Describe(mode)})");
Console.Out.Flush();

int exitCode = 0;
if (check)
{
    PlaintextCheck checker = new(listener.Port);
    try
    {
        await checker.RunAsync(connections: 8, batches: 100, depth: 16);
        Console.WriteLine($"check: {checker.Responses:N0} responses verified byte for byte (1 single, 16 pipelined in one write, 1 split into 7-byte writes, 8 connections x 100 batches of 16 pipelined), and a malformed request got 400 and a close");
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException)
    {
        Console.Error.WriteLine($"FAILED after {checker.Responses:N0} good responses: {e.Message}");
        exitCode = 1;
    }
}
else
{
    TaskCompletionSource stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    if (seconds > 0)
    {
        _ = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => stop.TrySetResult(), TaskScheduler.Default);
    }

    TimeSpan cpuBefore = ProcessCpu.Read(Environment.ProcessId);
    await stop.Task;
    Console.WriteLine($"served {Sum(listener.AcceptedPerLoop)} connections (per loop: {string.Join(" / ", listener.AcceptedPerLoop)}); CPU {(ProcessCpu.Read(Environment.ProcessId) - cpuBefore).TotalSeconds:F2} s");

    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.TrySetResult();
    }
}

await listener.DisposeAsync();
if (listener.Failures > 0)
{
    Console.Error.WriteLine($"FAILED: {listener.Failures} connections ended with an error");
    exitCode = 1;
}

return exitCode;

static long Sum(System.Collections.Generic.IReadOnlyList<long> values)
{
    long sum = 0;
    foreach (long value in values)
    {
        sum += value;
    }

    return sum;
}
