using System;
using System.Net.Http;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>A connection ended by either side mid-request: the other side learns it, nothing leaks, nothing is logged as an error.</summary>
public sealed class AbortTests
{
    /// <remarks>
    /// Run on Kestrel's socket transport too (the fallback, forced): the application sees the same exception on both. The
    /// socket transport fires ConnectionClosed from the thread pool, racing the application's read; when the read wins,
    /// the request is not yet marked aborted and Kestrel logs an error trying to drain the body. The Uring transport fires
    /// it before the read returns, so there the request is always marked aborted and nothing is logged.
    /// </remarks>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_client_that_goes_away_mid_body_fails_the_body_read_as_on_the_socket_transport(bool reset, bool sockets)
    {
        await using TestApp app = await TestApp.StartAsync(transport: options => options.SimulatedSetupErrno = sockets ? Errno.EPERM : null);
        app.ExpectedWarnings.Add(entry => sockets && entry.EventId.Name == "IoUringUnavailable");

        // After a reset mid-body Kestrel may log that draining the body failed while the handler's read was still in
        // progress: its own race between the abort and the drain, seen on its socket transport (sockets: true) in CI.
        app.ExpectedWarnings.Add(entry => reset && entry.EventId.Name == "RequestBodyDrainBodyReaderInvalidState");
        RawHttp client = await RawHttp.ConnectAsync(app.EndPoint);
        await client.SendAsync("POST /drain HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n\r\n");
        await client.SendAsync(Payload.Create(100_000, 1));

        // Leave once the handler reads the body (a reset before that would only end a connection with no request yet).
        TestApp.Eventually(() => app.State.Entered == 1, () => "the handler started");
        if (reset)
        {
            client.Reset();
        }
        else
        {
            client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await client.DisposeAsync();
        }

        // The handler's read fails, a reset as a ConnectionResetException, an early FIN as a body shorter than its
        // Content-Length (Kestrel's bad request), and by then the request is marked aborted.
        string outcome = await app.State.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.StartsWith(reset ? "ConnectionResetException after " : "BadHttpRequestException after ", outcome, StringComparison.Ordinal);
        if (!sockets)
        {
            Assert.EndsWith("aborted=True", outcome, StringComparison.Ordinal);
        }

        // The server's connection closed: only the eventfds are left.
        if (!sockets)
        {
            app.AssertNoConnectionLeft();
        }

        // And the server goes on serving.
        using HttpClient http = app.CreateClient();
        Assert.Equal("Hello, World!", await http.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_client_that_leaves_while_the_handler_waits_fires_RequestAborted_through_ConnectionClosed()
    {
        await using TestApp app = await TestApp.StartAsync();
        RawHttp client = await RawHttp.ConnectAsync(app.EndPoint);
        await client.SendAsync(RawHttp.Get("/until-aborted"));
        TestApp.Eventually(() => app.State.Entered == 1, () => "the handler started");

        // Nobody reads the connection's input while the handler waits: only the transport sees the FIN.
        await client.DisposeAsync();
        string outcome = await app.State.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("aborted", outcome);
    }

    [Fact]
    public async Task A_server_that_aborts_ends_the_connection_without_a_response_and_keeps_serving_others()
    {
        await using TestApp app = await TestApp.StartAsync();
        await using (RawHttp client = await RawHttp.ConnectAsync(app.EndPoint))
        {
            await client.SendAsync(RawHttp.Get("/abort"));
            Assert.True(await client.ClosedByServerAsync(), "the aborted connection sent something");
        }

        using HttpClient http = app.CreateClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("abort", TestContext.Current.CancellationToken));
        Assert.Equal("Hello, World!", await http.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
        foreach (EventLoop loop in app.Loops.Loops)
        {
            TestApp.Eventually(() => loop.GetStatistics().OperationsWaitingForSubmission == 0, () => loop.GetStatistics().ToString());
        }
    }
}
