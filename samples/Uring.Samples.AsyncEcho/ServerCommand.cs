using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring;
using Uring.Samples.Shared;

namespace Uring.Samples.AsyncEcho;

/// <summary>
/// <c>server</c>: runs one echo server until SIGINT/SIGTERM, <c>--seconds</c>, or (with <c>--stop-on-eof</c>) the end of
/// its standard input; the line "listening on 127.0.0.1:PORT" tells a script or the client where it is. At the end it
/// prints the connections each loop served and the CPU time it used.
/// </summary>
public static class ServerCommand
{
    public const string ListeningPrefix = "listening on 127.0.0.1:";

    public static async Task<int> RunAsync(CommandLine options)
    {
        string impl = options.String("--impl", "uring");
        int port = options.Int("--port", 0);
        int loops = options.Int("--loops", 0);
        string listen = options.String("--listen", "accept");
        int seconds = options.Int("--seconds", 0);
        bool stopOnEof = options.Flag("--stop-on-eof");
        int idleSpin = options.Int("--idle-spin-us", -1);
        options.RejectUnknown();
        if (impl is not ("uring" or "sockets") || !LoopListener.TryParseMode(listen, out ListenMode mode) || port is < 0 or > 65535 || loops < 0 || seconds < 0)
        {
            Console.Error.WriteLine("usage: server [--impl uring|sockets] [--listen accept|reuseport|msgring] [--loops N (0: one per core)] [--port P] [--seconds S | --stop-on-eof] [--idle-spin-us N (the loops' MaxIdleSpin; default: the loop's)]");
            return 64;
        }

        TaskCompletionSource stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        if (stopOnEof)
        {
            _ = Task.Run(() =>
            {
                using Stream input = Console.OpenStandardInput();
                byte[] sink = new byte[64];
                while (input.Read(sink) > 0)
                {
                }

                stop.TrySetResult();
            });
        }

        if (seconds > 0)
        {
            _ = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => stop.TrySetResult(), TaskScheduler.Default);
        }

        IPEndPoint endPoint = new(IPAddress.Loopback, port);
        TimeSpan cpuBefore = ProcessCpu.Read(Environment.ProcessId);
        long failures;
        if (impl == "uring")
        {
            await using EventLoopGroup group = new(loops, new EventLoopOptions { Entries = 1024, MaxIdleSpin = ClientSettings.IdleSpin(idleSpin) });
            LoopListener listener = LoopListener.Start(group, endPoint, mode, UringEcho.Serve);
            Console.WriteLine($"{ListeningPrefix}{listener.Port} (uring: {group.Count} event loop{(group.Count == 1 ? "" : "s")}, {LoopListener.Describe(mode)})");
            await stop.Task;
            await listener.DisposeAsync();
            for (int i = 0; i < group.Count; i++)
            {
                EventLoopStatistics stats = group.Loops[i].GetStatistics();
                Console.WriteLine($"loop {i}: idle spins that found work {stats.IdleSpinHits}, sleeps {stats.IdleSleeps}, spins preempted {stats.IdleSpinsPreempted}");
            }

            Console.WriteLine($"served {Sum(listener.AcceptedPerLoop)} connections, per loop: {string.Join(" / ", listener.AcceptedPerLoop)}; {listener.Active} still open at shutdown");
            failures = listener.Failures;
        }
        else
        {
            SocketsEchoServer server = new(endPoint);
            Console.WriteLine($"{ListeningPrefix}{server.Port} (System.Net.Sockets: AcceptAsync + one async receive/send loop per connection, {Environment.ProcessorCount} processors)");
            await stop.Task;
            await server.DisposeAsync();
            Console.WriteLine($"served {server.Accepted} connections; {server.Active} still open at shutdown");
            failures = server.Failures;
        }

        TimeSpan cpu = ProcessCpu.Read(Environment.ProcessId) - cpuBefore;
        Console.WriteLine($"server CPU: {cpu.TotalSeconds:F2} s (user + system, all threads); {failures} connection{(failures == 1 ? "" : "s")} failed");
        return failures == 0 ? 0 : 1;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static long Sum(System.Collections.Generic.IReadOnlyList<long> values)
    {
        long sum = 0;
        foreach (long value in values)
        {
            sum += value;
        }

        return sum;
    }
}
