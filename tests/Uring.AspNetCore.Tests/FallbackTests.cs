using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>
/// Where the kernel refuses io_uring (simulated: the probe fails with the errno a real refusal gives), the app runs on
/// Kestrel's socket transport after one warning that says why and how to enable io_uring; strict mode fails startup instead.
/// </summary>
public sealed class FallbackTests
{
    [Theory]
    [InlineData(Errno.EPERM, "kernel.io_uring_disabled")]
    [InlineData(Errno.ENOSYS, "CONFIG_IO_URING")]
    [InlineData(Errno.ENOMEM, "ulimit -l")]
    public async Task A_refused_ring_falls_back_to_sockets_with_one_warning_that_says_why_and_how(Errno errno, string advice)
    {
        await using TestApp app = await TestApp.StartAsync(
            transport: options => options.SimulatedSetupErrno = errno,
            kestrel: options =>
            {
                options.Listen(IPAddress.Loopback, 0);
                options.Listen(IPAddress.IPv6Loopback, 0);
            },
            requireKernel: false);
        app.ExpectedWarnings.Add(entry => entry.EventId.Name == "IoUringUnavailable");

        // Served, by the socket transport: no loops were started.
        using HttpClient client = app.CreateClient();
        Assert.Equal("Hello, World!", await client.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
        Assert.Null(app.Factory.Loops);

        // One warning for two end points, naming the errno, the fallback and the remedy.
        LogEntry warning = Assert.Single(app.Logs.AtLeast(LogLevel.Warning));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Uring.AspNetCore.UringTransportFactory", warning.Category);
        Assert.Contains(errno.ToString(), warning.Message, StringComparison.Ordinal);
        Assert.Contains("falls back to its default socket transport", warning.Message, StringComparison.Ordinal);
        Assert.Contains(advice, warning.Message, StringComparison.Ordinal);
        Assert.Contains("Strict", warning.Message, StringComparison.Ordinal);
        Assert.Equal(warning.Message, app.Factory.FallbackReason);
        if (errno == Errno.EPERM)
        {
            Assert.Contains("seccomp", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Strict_mode_fails_startup_with_the_reason_and_the_remedy()
    {
        InvalidOperationException failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            transport: options =>
            {
                options.SimulatedSetupErrno = Errno.EPERM;
                options.Strict = true;
            },
            requireKernel: false));

        Assert.Contains("Strict", failure.Message, StringComparison.Ordinal);
        Assert.Contains("kernel.io_uring_disabled", failure.Message, StringComparison.Ordinal);
        Assert.Contains("seccomp", failure.Message, StringComparison.Ordinal);
        UringException cause = Assert.IsType<UringException>(failure.InnerException);
        Assert.Equal(Errno.EPERM, cause.Errno);
    }

    [Fact]
    public async Task Strict_mode_refuses_every_bind_not_only_the_first()
    {
        await using UringTransportFactory factory = new(
            Options.Create(new UringTransportOptions { Strict = true, SimulatedSetupErrno = Errno.EPERM }),
            NullLoggerFactory.Instance);
        for (int i = 0; i < 2; i++)
        {
            InvalidOperationException failure = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestContext.Current.CancellationToken).AsTask());
            Assert.Contains("kernel.io_uring_disabled", failure.Message, StringComparison.Ordinal);
        }

        Assert.Null(factory.Loops);
    }

    [Fact]
    public async Task Strict_mode_starts_normally_where_io_uring_is_available()
    {
        await using TestApp app = await TestApp.StartAsync(transport: options => options.Strict = true);
        using HttpClient client = app.CreateClient();
        Assert.Equal("Hello, World!", await client.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
        Assert.Null(app.Factory.FallbackReason);
        Assert.Equal(2, app.Loops.Count);
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.EventId.Name == "IoUringUnavailable");
        Assert.Single(app.Logs.Entries, entry => entry.EventId.Name == "IoUringTransportStarted");
    }
}
