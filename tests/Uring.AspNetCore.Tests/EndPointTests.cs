using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>What Kestrel can listen on, through the Uring transport: IPv4, IPv6, any IP (dual mode), Unix sockets, URLs.</summary>
public sealed class EndPointTests
{
    [Fact]
    public async Task IPv6_loopback_serves_and_reports_both_addresses()
    {
        await using TestApp app = await TestApp.StartAsync(kestrel: options => options.Listen(IPAddress.IPv6Loopback, 0));
        Assert.StartsWith("http://[::1]:", app.Addresses[0], StringComparison.Ordinal);
        using HttpClient client = app.CreateClient();
        string[] connection = (await client.GetStringAsync("connection", TestContext.Current.CancellationToken)).Split(' ');
        Assert.Equal($"::1:{app.BaseAddress.Port}", connection[1]);
        Assert.StartsWith("::1:", connection[2], StringComparison.Ordinal);
        Assert.Equal(Payload.Create(100_000, 100_000), await client.GetByteArrayAsync("bytes/100000", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ListenAnyIP_binds_one_dual_mode_socket_that_takes_IPv4_and_IPv6_clients()
    {
        int port = FreePort();
        await using TestApp app = await TestApp.StartAsync(kestrel: options => options.ListenAnyIP(port));
        Assert.Equal($"http://[::]:{port}", app.Addresses[0]);
        foreach (IPAddress address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            await using RawHttp connection = await RawHttp.ConnectAsync(new IPEndPoint(address, port));
            await connection.SendAsync(RawHttp.Get("/connection"));
            RawResponse response = await connection.ReadResponseAsync();
            Assert.Equal(200, response.Status);
            string remote = response.Text.Split(' ')[2];

            // An IPv4 client reaches the dual-mode socket as an IPv4-mapped address, as with Kestrel's socket transport.
            Assert.StartsWith(address.Equals(IPAddress.Loopback) ? "::ffff:127.0.0.1:" : "::1:", remote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Unix_domain_socket_serves_and_its_file_is_removed_at_shutdown()
    {
        string path = Path.Combine(Path.GetTempPath(), $"uring-kestrel-{Guid.NewGuid():N}.sock");
        TestApp app = await TestApp.StartAsync(kestrel: options => options.ListenUnixSocket(path));
        try
        {
            Assert.True(File.Exists(path), "no socket file");
            using HttpClient client = new(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            })
            { BaseAddress = new Uri("http://localhost/") };

            Assert.Equal("Hello, World!", await client.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
            byte[] sent = Payload.Create(300_000, 3);
            using HttpResponseMessage echo = await client.PostAsync("echo", new ByteArrayContent(sent), TestContext.Current.CancellationToken);
            Assert.Equal(sent, await echo.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Equal(3, OwnedDescriptors(app)); // the client's one connection is on the loops, beside their eventfds
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.False(File.Exists(path), "the socket file was left behind");
    }

    [Fact]
    public async Task Addresses_from_UseUrls_bind_on_the_transport_too()
    {
        int port = FreePort();
        await using TestApp app = await TestApp.StartAsync(
            kestrel: _ => { },
            host: builder => builder.UseUrls($"http://127.0.0.1:{port}"));
        Assert.Equal($"http://127.0.0.1:{port}", app.Addresses[0]);
        using HttpClient client = app.CreateClient();
        Assert.Equal("Hello, World!", await client.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
        Assert.Equal(3, OwnedDescriptors(app)); // the client's one connection is on the loops, beside their eventfds
    }

    [Fact]
    public async Task A_port_in_use_fails_startup_with_Kestrels_address_in_use_error()
    {
        using Socket taken = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        IOException failure = await Assert.ThrowsAsync<IOException>(() => TestApp.StartAsync(kestrel: options => options.Listen(IPAddress.Loopback, port)));
        Assert.Contains("address already in use", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static int OwnedDescriptors(TestApp app)
        => app.Loops.Loops[0].GetStatistics().OwnedFileDescriptors + app.Loops.Loops[1].GetStatistics().OwnedFileDescriptors;

    private static int FreePort()
    {
        using Socket probe = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        probe.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
