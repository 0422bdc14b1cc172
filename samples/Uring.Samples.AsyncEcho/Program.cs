using System;
using System.Collections.Generic;
using System.Globalization;
using Uring.Samples.AsyncEcho;
using Uring.Samples.Shared;

// A TCP echo server on event loops (or on System.Net.Sockets, for comparison) and a load client that sends checksummed
// messages, verifies every echo and reports requests/s, p50/p99 latency and the server's CPU time per request.
//
//   dotnet run -c Release --project samples/Uring.Samples.AsyncEcho -- [--impl uring|sockets|both] [--listen accept|reuseport|msgring]
//       [--loops N] [--connections N] [--seconds S] [--size B] [--rate R]
//     starts the server in a child process (so its CPU time is its own), runs the client against it, stops it.
//   ... -- server [--impl uring|sockets] [--listen accept|reuseport|msgring] [--loops N] [--port P]   (until Ctrl+C)
//   ... -- client --port P [--server-pid PID] [--connections N] [--seconds S] [--size B] [--rate R] [--csv]
try
{
    return args.Length > 0 && args[0] == "server" ? await ServerCommand.RunAsync(new CommandLine(args, skip: 1))
        : args.Length > 0 && args[0] == "client" ? await ClientCommand.RunAsync(new CommandLine(args, skip: 1))
        : await RunBoth(new CommandLine(args));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

static async System.Threading.Tasks.Task<int> RunBoth(CommandLine options)
{
    string impl = options.String("--impl", "uring");
    string listen = options.String("--listen", "accept");
    int loops = options.Int("--loops", 0);
    ClientSettings? settings = ClientSettings.Read(options);
    options.RejectUnknown();
    string[] impls = impl == "both" ? ["uring", "sockets"] : [impl];
    if (settings is null || Array.Exists(impls, i => i is not ("uring" or "sockets")) || !LoopListener.TryParseMode(listen, out _))
    {
        Console.Error.WriteLine($"usage: [--impl uring|sockets|both] [--listen accept|reuseport|msgring] [--loops N] {ClientSettings.Usage}");
        return 64;
    }

    bool passed = true;
    Dictionary<string, LoadResult> results = [];
    foreach (string name in impls)
    {
        List<string> serverArguments = ["--impl", name, "--listen", listen, "--loops", loops.ToString(CultureInfo.InvariantCulture)];
        await using ServerProcess server = await ServerProcess.StartAsync(serverArguments);
        LoadResult result = await settings.RunAsync(server.Port, server.Pid);
        Report.Print(result);
        passed &= Report.Passed(result) & await server.StopAsync();
        results[name] = result;
    }

    if (results.TryGetValue("uring", out LoadResult? uring) && results.TryGetValue("sockets", out LoadResult? sockets))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"uring / sockets: {uring.RequestsPerSecond / sockets.RequestsPerSecond:F2}x requests/s, {uring.ServerCpuMicrosecondsPerRequest / sockets.ServerCpuMicrosecondsPerRequest:F2}x server CPU per request"));
    }

    return passed ? 0 : 1;
}
