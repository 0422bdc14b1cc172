using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Uring.AspNetCore.Tests.Support;

/// <summary>
/// A real Kestrel app on Uring (two loops unless told otherwise) with the endpoints the tests drive. Stopping it checks
/// that the loops hold nothing but their own eventfd (every connection closed, no operation in flight, every pooled
/// operation back), and disposing it that the loops shut down with nothing left at all.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;
    private bool _disposed;

    private TestApp(WebApplication app, CapturedLogs logs, TestState state)
    {
        _app = app;
        Logs = logs;
        State = state;
    }

    public CapturedLogs Logs { get; }

    public UringTransportFactory Factory => _app.Services.GetRequiredService<UringTransportFactory>();

    /// <summary>The loops (fails the test when the transport fell back).</summary>
    public EventLoopGroup Loops => Factory.Loops ?? throw new InvalidOperationException("The transport fell back: " + Factory.FallbackReason);

    /// <summary>What Kestrel reports it listens on (ports filled in).</summary>
    public IReadOnlyList<string> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();

    /// <summary>The first address as a URI.</summary>
    public Uri BaseAddress => new(Addresses[0].Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");

    /// <summary>The first TCP end point Kestrel listens on.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Parse(BaseAddress.Host.Trim('[', ']')), BaseAddress.Port);

    /// <summary>Counts of handlers that entered and left /wait, and the gate they wait on.</summary>
    public TestState State { get; }

    /// <summary>Warnings, errors and criticals are checked at stop, except these (expected by the test).</summary>
    public List<Func<LogEntry, bool>> ExpectedWarnings { get; } = [];

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        Action<UringTransportOptions>? transport = null,
        Action<KestrelServerOptions>? kestrel = null,
        Action<IWebHostBuilder>? host = null,
        bool requireKernel = true)
    {
        if (requireKernel)
        {
            KernelRequirement.Require();
        }

        CapturedLogs logs = new();
        TestState state = new();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(state);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.UseUring(options =>
        {
            options.LoopCount = 2;
            options.RingEntries = 256;
            transport?.Invoke(options);
        });
        builder.WebHost.ConfigureKestrel(options =>
        {
            if (kestrel is null)
            {
                options.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel(options);
            }
        });
        host?.Invoke(builder.WebHost);

        WebApplication app = builder.Build();
        TestApp testApp = new(app, logs, state);
        TestEndpoints.Map(app);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return testApp;
    }

    /// <summary>An HttpClient for the app (its own handler: connections are not shared between tests).</summary>
    public HttpClient CreateClient(int maxConnections = int.MaxValue) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Stops Kestrel gracefully, then checks the loops: only their eventfds are left.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        if (Factory.Loops is { } loops)
        {
            foreach (EventLoop loop in loops.Loops)
            {
                Eventually(() => IsIdle(loop.GetStatistics()), () => $"loop idle after Kestrel stopped: {loop.GetStatistics()}");
            }
        }

        AssertNoUnexpectedWarnings();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        EventLoopGroup? loops = Factory.Loops;
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }

        if (loops is not null)
        {
            foreach (EventLoop loop in loops.Loops)
            {
                EventLoopStatistics statistics = loop.GetStatistics();
                Assert.False(statistics.IsRunning);
                Assert.Equal(0, statistics.OperationsInFlight);
                Assert.Equal(0, statistics.InternalRequestsInFlight);
                Assert.Equal(0, statistics.OperationsWaitingForSubmission);
                Assert.Equal(0, statistics.SourcesOutstanding);
                Assert.Equal(0, statistics.OwnedFileDescriptors);
                Assert.Equal(0, statistics.NativeBytes);
                Assert.Equal(0, statistics.QueuedWorkItems);
                Assert.Equal(0, statistics.ForeignCompletionsDropped);
            }
        }
    }

    /// <summary>
    /// While the app runs and no client is connected: each loop holds only its eventfd and, on the first loop (which accepts
    /// for the first end point), the armed multishot accept.
    /// </summary>
    public void AssertNoConnectionLeft()
    {
        EventLoop acceptor = Loops.Loops[0];
        foreach (EventLoop loop in Loops.Loops)
        {
            int armed = loop == acceptor ? 1 : 0;
            Eventually(
                () => loop.GetStatistics() is { OperationsInFlight: var inFlight } statistics && inFlight == armed && IsIdle(statistics with { OperationsInFlight = 0 }),
                () => $"no connection left on the loop: {loop.GetStatistics()}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> for up to 10 s.</summary>
    public static void Eventually(Func<bool> condition, Func<string> what)
    {
        long deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("Not within 10 s: " + what());
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>
    /// A running loop with nothing of Kestrel's left: its eventfd is the only descriptor, no operation is in flight or
    /// waiting, every pooled operation is back.
    /// </summary>
    /// <summary>
    /// What a running loop keeps once a connection used its provided-buffer ring (created on first use, freed at the loop's
    /// shutdown): the buffers, their ring entries (16 bytes each) and at most a page of rounding. Nothing else may remain.
    /// </summary>
    private static readonly long ProvidedBufferPoolFootprint = PoolFootprint(new EventLoopOptions());

    private static long PoolFootprint(EventLoopOptions options)
        => ((long)options.ProvidedBufferSize * options.ProvidedBufferCount) + (16L * options.ProvidedBufferCount) + 4096;

    public static bool IsIdle(EventLoopStatistics statistics)
        => statistics.IsRunning
           && statistics.OwnedFileDescriptors == 1
           && statistics.OperationsInFlight == 0
           && statistics.OperationsWaitingForSubmission == 0
           && statistics.SourcesOutstanding == 0
           && statistics.ProvidedBuffersLent == 0
           && statistics.NativeBytes <= ProvidedBufferPoolFootprint
           && statistics.ForeignCompletionsDropped == 0;

    private void AssertNoUnexpectedWarnings()
    {
        LogEntry[] unexpected = Logs.AtLeast(LogLevel.Warning).Where(entry => !ExpectedWarnings.Any(expected => expected(entry))).ToArray();
        Assert.True(unexpected.Length == 0, "Unexpected warnings or errors:\n" + string.Join("\n", unexpected.Select(entry => entry.ToString())));
    }
}

/// <summary>What the endpoints share with the test: counters and gates.</summary>
internal sealed class TestState
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _outcomes = new();
    private int _entered;
    private int _barrier;

    public int Entered => Volatile.Read(ref _entered);

    public Task Gate => _gate.Task;

    public void OpenGate() => _gate.TrySetResult();

    public int EnterWait() => Interlocked.Increment(ref _entered);

    public IReadOnlyCollection<string> Outcomes => _outcomes.ToArray();

    public TaskCompletionSource<string> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource BarrierReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ArriveAtBarrier() => Interlocked.Increment(ref _barrier);

    public void Record(string outcome)
    {
        _outcomes.Enqueue(outcome);
        Outcome.TrySetResult(outcome);
    }

    /// <summary>Connections seen by the connection middleware, in accept order.</summary>
    public ConcurrentQueue<ConnectionContext> Connections { get; } = new();
}
