using System;
using System.Globalization;
using System.Net;
using System.Threading.Tasks;
using Uring.Samples.EchoServer;
using Uring.Samples.Shared;

namespace Uring.Samples.AsyncEcho;

/// <summary><c>client</c>: drives a running echo server and prints what it measured (one line with <c>--csv</c>).</summary>
public static class ClientCommand
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        int port = options.Int("--port", 0);
        int serverPid = options.Int("--server-pid", 0);
        ClientSettings? settings = ClientSettings.Read(options);
        bool csv = options.Flag("--csv");
        options.RejectUnknown();
        if (port is <= 0 or > 65535 || settings is null)
        {
            Console.Error.WriteLine($"usage: client --port P [--server-pid PID] {ClientSettings.Usage} [--csv]");
            return 64;
        }

        LoadResult result = await settings.RunAsync(port, serverPid);
        if (csv)
        {
            Console.WriteLine(Report.CsvLine(result));
        }
        else
        {
            Report.Print(result);
        }

        return Report.Passed(result) ? 0 : 1;
    }
}

/// <summary>The load options the <c>client</c> and the default run share.</summary>
public sealed record ClientSettings(int Connections, double Seconds, double Warmup, int Size, double Rate, int Loops, int RequestsPerConnection = 0, int IdleSpinMicroseconds = -1)
{
    public const string Usage = "[--connections N] [--seconds S] [--warmup S] [--size B] [--rate R (requests/s in all; 0: as fast as it goes)] [--client-loops N (0: twice the cores)] [--requests-per-connection N (0: keep each connection open)] [--client-idle-spin-us N (the client loops' MaxIdleSpin; default 0: a load generator does not spin; -1: the loop's default)]";

    public static ClientSettings? Read(CommandLine options)
    {
        ClientSettings settings = new(
            options.Int("--connections", 64),
            options.Double("--seconds", 5),
            options.Double("--warmup", 1),
            options.Int("--size", 64),
            options.Double("--rate", 0),
            options.Int("--client-loops", 0),
            options.Int("--requests-per-connection", 0),
            options.Int("--client-idle-spin-us", 0));
        return settings.RequestsPerConnection < 0 || settings.Connections < 1 || settings.Seconds <= 0 || settings.Warmup < 0 || settings.Size < Payload.MinimumSize || settings.Rate < 0 || settings.Loops < 0
            ? null
            : settings;
    }

    /// <summary>
    /// Runs the client. By default it has twice as many loops as cores: it shares the cores with the server, and with
    /// one loop per core it was measured to get too small a share of them and set the pace instead of the server.
    /// Its loops do not spin while idle by default: a load generator that spins takes the cores it shares from the
    /// server it measures (wrk does not spin either); measured, the spinning client cost 9-16 µs per request.
    /// </summary>
    public Task<LoadResult> RunAsync(int port, int serverPid)
        => new LoadClient(new IPEndPoint(IPAddress.Loopback, port), Connections, Size, Rate, RequestsPerConnection)
            .RunAsync(Loops == 0 ? 2 * Environment.ProcessorCount : Loops, TimeSpan.FromSeconds(Warmup), TimeSpan.FromSeconds(Seconds), serverPid, IdleSpin(IdleSpinMicroseconds));

    /// <summary>A loop option from a command-line value in microseconds; negative: the loop's default.</summary>
    public static TimeSpan IdleSpin(int microseconds) => microseconds < 0 ? new EventLoopOptions().MaxIdleSpin : TimeSpan.FromMicroseconds(microseconds);
}

/// <summary>How a client run is printed, and what makes it pass.</summary>
public static class Report
{
    public const string CsvHeader = "connections,rate,requests_per_s,p50_us,p99_us,server_cpu_us_per_request,client_cpu_us_per_request,requests,mismatches";

    public static bool Passed(LoadResult result) => result.Mismatches == 0 && result.MeasuredRequests > 0;

    public static void Print(LoadResult result)
    {
        string rate = result.Rate > 0 ? $"at {result.Rate:N0} requests/s" : "as fast as the server answers";
        Console.WriteLine($"client: {result.Connections} connection{(result.Connections == 1 ? "" : "s")}, {result.Size}-byte checksummed messages, one in flight per connection, {rate}");
        Console.WriteLine($"  {result.MeasuredRequests:N0} requests in {result.Elapsed.TotalSeconds:F2} s = {result.RequestsPerSecond:N0} requests/s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  latency: p50 {result.Latencies.PercentileMicroseconds(50):F1} µs, p99 {result.Latencies.PercentileMicroseconds(99):F1} µs, max {result.Latencies.MaxNanoseconds / 1000.0:F1} µs{(result.Rate > 0 ? " (from each request's scheduled send time)" : "")}"));
        if (result.ServerCpuMicrosecondsPerRequest is { } server)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  server CPU: {result.ServerCpu!.Value.TotalSeconds:F2} s = {server:F2} µs per request (utime + stime of the server process)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  client CPU: {result.ClientCpu.TotalSeconds:F2} s = {result.ClientCpuMicrosecondsPerRequest:F2} µs per request"));
        Console.WriteLine($"  verified: {result.TotalRequests - result.Mismatches:N0} of {result.TotalRequests:N0} echoes matched byte for byte (sequence, connection, FNV-1a checksum); {result.BytesMoved:N0} bytes moved");
        if (!Passed(result))
        {
            Console.Error.WriteLine($"FAILED: {result.Mismatches} mismatched echoes, {result.MeasuredRequests} measured requests");
        }
    }

    public static string CsvLine(LoadResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Connections},{result.Rate},{result.RequestsPerSecond:F0},{result.Latencies.PercentileMicroseconds(50):F1},{result.Latencies.PercentileMicroseconds(99):F1},{result.ServerCpuMicrosecondsPerRequest ?? double.NaN:F2},{result.ClientCpuMicrosecondsPerRequest:F2},{result.MeasuredRequests},{result.Mismatches}");
}
