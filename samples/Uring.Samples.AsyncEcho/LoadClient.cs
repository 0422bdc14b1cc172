using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Uring;
using Uring.Samples.EchoServer;
using Uring.Samples.Shared;

namespace Uring.Samples.AsyncEcho;

/// <summary>
/// The load client: <see cref="Connections"/> connections spread over its own event loops, each sending one checksummed
/// message (<see cref="Payload"/>) at a time and checking every byte of the echo. At a fixed rate each connection sends on
/// a schedule and latency counts from the scheduled send time, so a server that falls behind shows it (no coordinated
/// omission); at the maximum rate each connection sends its next message as soon as the echo arrived.
/// </summary>
public sealed class LoadClient
{
    private const int Warmup = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    private readonly IPEndPoint _server;
    private readonly int _size;
    private readonly double _rate;
    private readonly int _requestsPerConnection;
    private int _phase;
    private int _connected;
    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="requestsPerConnection">
    /// 0: each connection stays open for the whole run. N: each connection closes after N requests and a new one takes
    /// its place, and the latency of its first request counts from before the connect (a load of connection setups, where
    /// how the server spreads new connections over its loops costs something).
    /// </param>
    public LoadClient(IPEndPoint server, int connections, int size, double rate, int requestsPerConnection = 0)
    {
        _server = server;
        Connections = connections;
        _size = size;
        _rate = rate;
        _requestsPerConnection = requestsPerConnection;
    }

    public int Connections { get; }

    /// <summary>Runs the warm-up, then the measured window, then closes every connection and returns the measurements.</summary>
    /// <param name="loops">Client event loops (0: one per processor).</param>
    /// <param name="warmup">Load before the measurement starts (connections open, code compiled, caches warm).</param>
    /// <param name="duration">The measured window.</param>
    /// <param name="serverPid">The server's process, whose CPU time is read at both ends of the window; 0 for none.</param>
    /// <param name="idleSpin">The client loops' <see cref="EventLoopOptions.MaxIdleSpin"/>.</param>
    public async Task<LoadResult> RunAsync(int loops, TimeSpan warmup, TimeSpan duration, int serverPid, TimeSpan idleSpin)
    {
        await using EventLoopGroup group = new(loops, new EventLoopOptions { Entries = 1024, MaxIdleSpin = idleSpin });
        LoopTally[] tallies = new LoopTally[group.Count];
        for (int i = 0; i < tallies.Length; i++)
        {
            tallies[i] = new LoopTally();
        }

        Task[] connections = new Task[Connections];
        for (int i = 0; i < Connections; i++)
        {
            EventLoop loop = group.Loops[i % group.Count];
            LoopTally tally = tallies[i % group.Count];
            int index = i;
            connections[i] = loop.RunAsync(() => Connection(loop, index, tally));
        }

        Task connecting = await Task.WhenAny(_allConnected.Task, Task.WhenAll(connections));
        await connecting; // a connection that failed before all were up ends the run here
        await Task.Delay(warmup);

        TimeSpan serverBefore = serverPid > 0 ? ProcessCpu.Read(serverPid) : TimeSpan.Zero;
        TimeSpan clientBefore = ProcessCpu.Read(Environment.ProcessId);
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _phase, Measuring);
        await Task.Delay(duration);
        Volatile.Write(ref _phase, Stopping);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        TimeSpan serverCpu = serverPid > 0 ? ProcessCpu.Read(serverPid) - serverBefore : TimeSpan.Zero;
        TimeSpan clientCpu = ProcessCpu.Read(Environment.ProcessId) - clientBefore;

        await Task.WhenAll(connections);
        LatencyHistogram latencies = new();
        long measured = 0, total = 0, mismatches = 0, bytes = 0;
        foreach (LoopTally tally in tallies)
        {
            latencies.Add(tally.Latencies);
            measured += tally.Measured;
            total += tally.Total;
            mismatches += tally.Mismatches;
            bytes += tally.Bytes;
        }

        return new LoadResult(Connections, _size, _rate, elapsed, measured, total, mismatches, bytes, latencies, serverPid > 0 ? serverCpu : null, clientCpu);
    }

    /// <summary>
    /// One connection slot, on its loop: connect, then request after request until the window closed (or, with
    /// requests per connection, until that many were made: then an orderly close and a new connection), then shut down.
    /// </summary>
    private async Task Connection(EventLoop loop, int index, LoopTally tally)
    {
        byte[] requestArray = GC.AllocateUninitializedArray<byte>(_size, pinned: true);
        byte[] replyArray = GC.AllocateUninitializedArray<byte>(_size, pinned: true);
        Memory<byte> request = MemoryMarshal.CreateFromPinnedArray(requestArray, 0, _size);
        Memory<byte> reply = MemoryMarshal.CreateFromPinnedArray(replyArray, 0, _size);

        // Fixed rate: this connection's share of it, its first send staggered so the connections do not send in bursts.
        double interval = _rate > 0 ? Stopwatch.Frequency * Connections / _rate : 0;
        double next = Stopwatch.GetTimestamp() + (interval * index / Connections);
        long sequence = 0;
        bool first = true;
        while (Volatile.Read(ref _phase) != Stopping)
        {
            long connectStarted = Stopwatch.GetTimestamp();
            using Socket socket = new(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await loop.ConnectAsync(socket, _server);
            if (first)
            {
                first = false;
                if (Interlocked.Increment(ref _connected) == Connections)
                {
                    _allConnected.TrySetResult();
                }
            }

            for (int made = 0; (_requestsPerConnection == 0 || made < _requestsPerConnection) && Volatile.Read(ref _phase) != Stopping; made++)
            {
                long intended;
                if (interval > 0)
                {
                    intended = (long)next;
                    next += interval;
                    long wait = intended - Stopwatch.GetTimestamp();
                    if (wait > 0)
                    {
                        await loop.DelayAsync(Stopwatch.GetElapsedTime(0, wait));
                    }
                }
                else
                {
                    intended = Stopwatch.GetTimestamp();
                }

                if (_requestsPerConnection > 0 && made == 0)
                {
                    // A new connection's first request waited for the connect too (and the server's accept and hand-off).
                    intended = Math.Min(intended, connectStarted);
                }

                Payload.Fill(requestArray, ++sequence, index);
                for (int sent = 0; sent < _size;)
                {
                    sent += await loop.SendAsync(socket, request[sent..]);
                }

                for (int received = 0; received < _size;)
                {
                    int read = await loop.ReceiveAsync(socket, reply[received..]);
                    if (read == 0)
                    {
                        throw new InvalidOperationException($"connection {index}: the server closed the connection mid-echo");
                    }

                    received += read;
                }

                long done = Stopwatch.GetTimestamp();
                if (!Payload.Verify(replyArray, requestArray, sequence, index))
                {
                    tally.Mismatches++;
                }

                tally.Total++;
                tally.Bytes += 2L * _size;
                if (Volatile.Read(ref _phase) == Measuring)
                {
                    tally.Measured++;
                    tally.Latencies.RecordTicks(done - intended);
                }
            }

            // An orderly end: the server sees end-of-stream, echoes nothing more and closes its side.
            await loop.ShutdownAsync(socket, SocketShutdown.Send);
            if (await loop.ReceiveAsync(socket, reply) != 0)
            {
                tally.Mismatches++;
            }
        }
    }

    /// <summary>What the connections of one loop counted (written by that loop's thread only, read after they ended).</summary>
    private sealed class LoopTally
    {
        public LatencyHistogram Latencies { get; } = new();

        public long Measured;
        public long Total;
        public long Mismatches;
        public long Bytes;
    }
}

/// <summary>The measurements of one client run.</summary>
public sealed record LoadResult(
    int Connections,
    int Size,
    double Rate,
    TimeSpan Elapsed,
    long MeasuredRequests,
    long TotalRequests,
    long Mismatches,
    long BytesMoved,
    LatencyHistogram Latencies,
    TimeSpan? ServerCpu,
    TimeSpan ClientCpu)
{
    public double RequestsPerSecond => MeasuredRequests / Elapsed.TotalSeconds;

    public double? ServerCpuMicrosecondsPerRequest => ServerCpu is { } cpu && MeasuredRequests > 0 ? cpu.TotalMicroseconds / MeasuredRequests : null;

    public double ClientCpuMicrosecondsPerRequest => MeasuredRequests > 0 ? ClientCpu.TotalMicroseconds / MeasuredRequests : 0;
}
