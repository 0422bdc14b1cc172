using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>PollAsync: one-shot readiness on pipes and sockets, cancellation, deadlines and errors.</summary>
public sealed class EventLoopPollTests
{
    [Fact]
    public async Task A_poll_on_an_empty_pipe_waits_until_it_becomes_readable_and_reports_In()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            ValueTask<PollEvents> poll = loop.PollAsync(readEnd, PollEvents.In);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the poll is armed");
            await Task.Delay(20, TestContext.Current.CancellationToken);
            Assert.False(poll.IsCompleted);

            Posix.Write(writeEnd, "x"u8);

            Assert.Equal(PollEvents.In, await poll.Bounded());

            // Polling read nothing: the byte is still there.
            byte[] buffer = new byte[4];
            Assert.Equal(1, Posix.Read(readEnd, buffer));
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task A_pipe_whose_writer_closed_reports_HangUp_and_writable_is_reported_at_once()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            using SafeFileHandle writer = new(writeEnd, ownsHandle: false);
            Assert.Equal(PollEvents.Out, await loop.PollAsync(writer, PollEvents.Out).Bounded());

            ValueTask<PollEvents> poll = loop.PollAsync(readEnd, PollEvents.In);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the poll is armed");
            Posix.CloseQuietly(ref writeEnd);
            writeEnd = -1;

            Assert.Equal(PollEvents.HangUp, await poll.Bounded());
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            if (writeEnd >= 0)
            {
                Posix.CloseQuietly(ref writeEnd);
            }
        }
    }

    [Fact]
    public async Task A_poll_on_a_UDP_socket_reports_In_when_a_datagram_arrives_and_Out_at_once()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);

        Assert.Equal(PollEvents.Out, await loop.PollAsync(server, PollEvents.Out).Bounded());

        ValueTask<PollEvents> readable = loop.PollAsync(server, PollEvents.In);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the poll is armed");
        Assert.False(readable.IsCompleted);
        client.SendTo("ping"u8, server.LocalEndPoint!);

        Assert.Equal(PollEvents.In, await readable.Bounded());

        // A poll completed by a wake-up reports the wake-up's events (a socket's data wake-up says In and Priority),
        // filtered to those asked for.
        ValueTask<PollEvents> either = loop.PollAsync(server, PollEvents.In | PollEvents.Priority);
        Assert.Equal(PollEvents.In, (await either.Bounded()) & PollEvents.In);
        Assert.Equal(PollEvents.In | PollEvents.Out, await loop.PollAsync(server.SafeHandle, PollEvents.In | PollEvents.Out).Bounded());
        Assert.Equal(4, server.Available);
    }

    [Fact]
    public async Task Cancelling_a_pending_poll_throws_OperationCanceledException_after_its_completion()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);
        using CancellationTokenSource cancel = new();

        ValueTask<PollEvents> poll = loop.PollAsync(server, PollEvents.In, cancel.Token);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the poll is armed");
        cancel.Cancel();

        OperationCanceledException error = await Assert.ThrowsAsync<OperationCanceledException>(() => poll.Bounded());
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
        LoopFixtures.Eventually(() => loop.GetStatistics().InternalRequestsInFlight == 1, "only the wake-up read is left");
    }

    [Fact]
    public async Task A_poll_past_its_deadline_reports_no_events_and_one_that_beats_it_reports_its_events()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            long start = Environment.TickCount64;
            Assert.Equal(PollEvents.None, await loop.PollAsync(readEnd, PollEvents.In, TimeSpan.FromMilliseconds(30)).Bounded());
            Assert.True(Environment.TickCount64 - start >= 25, "the poll ended before its deadline");
            LoopFixtures.Eventually(() => loop.GetStatistics().InternalRequestsInFlight == 1, "the linked timeout completed");

            Posix.Write(writeEnd, "y"u8);
            Assert.Equal(PollEvents.In, await loop.PollAsync(readEnd, PollEvents.In, TimeSpan.FromSeconds(5)).Bounded());
            LoopFixtures.Eventually(() => loop.GetStatistics().InternalRequestsInFlight == 1, "the unused timeout was removed");
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task Errors_surface_as_the_handles_family_expects()
    {
        await using EventLoop loop = LoopFixtures.Start();

        // A descriptor number no process has open: EBADF, an IOException carrying the errno.
        IOException badFd = await Assert.ThrowsAsync<IOException>(() => loop.PollAsync(1 << 20, PollEvents.In).Bounded());
        Assert.Equal((int)Errno.EBADF, badFd.HResult);

        Socket closed = DatagramFixtures.BoundUdp(AddressFamily.InterNetwork);
        SafeSocketHandle handle = closed.SafeHandle;
        closed.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.PollAsync(handle, PollEvents.In).Bounded());

        ArgumentOutOfRangeException epollOnly = Assert.Throws<ArgumentOutOfRangeException>(() => loop.PollAsync(0, PollEvents.In | PollEvents.EdgeTriggered));
        Assert.Equal("events", epollOnly.ParamName);
        Assert.Equal(0, loop.GetStatistics().SourcesOutstanding);
    }
}
