using System;
using System.Net.Http;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>A connection ended by either side mid-request: the other side learns it, nothing leaks, nothing is logged as an error.</summary>
public sealed class AbortTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_goes_away_mid_body_fails_the_body_read_and_the_connection_is_cleaned_up(bool reset)
    {
        await using TestApp app = await TestApp.StartAsync();
        RawHttp client = await RawHttp.ConnectAsync(app.EndPoint);
        await client.SendAsync("POST /drain HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n\r\n");
        await client.SendAsync(Payload.Create(100_000, 1));
        if (reset)
        {
            client.Reset();
        }
        else
        {
            client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await client.DisposeAsync();
        }

        // The handler's read fails (a reset, or the body ending early), and the request is reported aborted.
        string outcome = await app.State.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(outcome.StartsWith("read ", StringComparison.Ordinal), $"the body read succeeded: {outcome}");
        if (!reset)
        {
            // An early FIN is a body shorter than its Content-Length: Kestrel's bad-request path, as with sockets.
            Assert.StartsWith("BadHttpRequestException", outcome, StringComparison.Ordinal);
        }

        // The server's connection closed: only the eventfds are left.
        foreach (EventLoop loop in app.Loops.Loops)
        {
            TestApp.Eventually(() => TestApp.IsIdle(loop.GetStatistics()), () => $"idle after the client left: {loop.GetStatistics()}");
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
