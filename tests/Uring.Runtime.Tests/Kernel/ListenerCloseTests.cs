using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// <see cref="Listener.Close"/> during setup stops the chain at the next completion (the socket is closed, the
/// handler hears ECANCELED once, nothing listens), and a ring stopped mid-chain closes the socket even when its
/// completion was never reaped. Checked with <see cref="FdTable"/> and run alone, since closed numbers are reused.
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class ListenerCloseTests
{
    private readonly CqeView[] _completions = new CqeView[16];

    [Fact]
    public void Close_before_the_socket_exists_ends_the_chain_at_the_socket_completion()
    {
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        using (Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true }))
        {
            Recorder handler = new();
            Assert.True(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), handler, out Listener? listener));
            listener.Close();
            Assert.True(listener.IsClosePending);
            ReapUntil(ring, () => listener.State == ListenerState.Closed);

            Assert.Equal(new[] { "failed CreatingSocket ECANCELED" }, handler.Events);
            Assert.Equal(-1, listener.Fd);
            Assert.False(listener.IsClosePending);
            Assert.Equal(0, ring.SqPending);
            Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
            listener.Close();
            Assert.Equal(ListenerState.Closed, listener.State);
            AssertNopRoundTrip(ring);
        }

        FdTable.AssertNoneOpenedSince(before);
    }

    [Fact]
    public void Close_while_binding_closes_the_socket_and_never_listens()
    {
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        using (Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true }))
        {
            Recorder handler = new();
            Assert.True(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), handler, out Listener? listener));
            ReapUntil(ring, () => listener.State == ListenerState.Binding);
            int socket = listener.Fd;
            string? target = Posix.FdTarget(socket);
            listener.Close();
            ReapUntil(ring, () => listener.State == ListenerState.Closed);

            Assert.Equal(new[] { "socket", "failed Binding ECANCELED" }, handler.Events);
            Assert.NotEqual(target, Posix.FdTarget(socket));
            Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
            AssertNopRoundTrip(ring);
        }

        FdTable.AssertNoneOpenedSince(before);
    }

    [Fact]
    public void Close_from_the_socket_created_callback_stops_the_chain()
    {
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        using (Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true }))
        {
            Recorder handler = new() { CloseOnSocket = true };
            Assert.True(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), handler, out Listener? listener));
            ReapUntil(ring, () => listener.State == ListenerState.Closed);

            Assert.Equal(new[] { "socket", "failed CreatingSocket ECANCELED" }, handler.Events);
            Assert.Equal(0, ring.SqPending);
            AssertNopRoundTrip(ring);
        }

        FdTable.AssertNoneOpenedSince(before);
    }

    [Fact]
    public void A_ring_stopped_with_the_socket_completion_unreaped_closes_that_socket()
    {
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        Recorder handler = new();
        Listener? listener;
        using (Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true }))
        {
            Assert.True(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), handler, out listener));
            Assert.Equal(1, ring.Submit());
            // The ring and the socket its unreaped completion carries.
            Assert.Equal(new[] { "anon_inode:[io_uring]", "socket" }, FdTable.OpenedSince(before).Select(entry => entry.Target.Split(':')[0] == "socket" ? "socket" : entry.Target).Order());
        }

        FdTable.AssertNoneOpenedSince(before);
        Assert.Equal(ListenerState.Closed, listener.State);
        Assert.Empty(handler.Events);
    }

    [Fact]
    public void A_ring_stopped_while_binding_closes_the_socket()
    {
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        using (Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true }))
        {
            Recorder handler = new();
            Assert.True(Listener.TryStart(ring, SockAddr.IPv4Loopback(0), handler, out Listener? listener));
            ReapUntil(ring, () => listener.State == ListenerState.Binding);
            ring.Submit();
            ring.Stop();
            Assert.Equal(ListenerState.Closed, listener.State);
            Assert.Equal(-1, listener.Fd);
        }

        FdTable.AssertNoneOpenedSince(before);
    }

    private static void AssertNopRoundTrip(Ring ring)
    {
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(0x600D)));
        CqeView nop = ring.WaitOne();
        Assert.Equal(0x600DUL, nop.Context.Value);
    }

    private void ReapUntil(Ring ring, Func<bool> done)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the listener did not get there within 10 s");
            int n = ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(200));
            for (int i = 0; i < n; i++)
            {
                Assert.True(Listener.TryHandle(ring, in _completions[i]), $"unexpected completion {_completions[i]}");
            }
        }
    }

    private sealed class Recorder : IListenerHandler
    {
        public List<string> Events { get; } = new();

        public bool CloseOnSocket { get; init; }

        public bool OnSocketCreated(Listener listener, int fd)
        {
            Events.Add("socket");
            if (CloseOnSocket)
            {
                listener.Close();
            }

            return true;
        }

        public void OnListening(Listener listener) => Events.Add("listening");

        public void OnFailed(Listener listener, ListenerState failedIn, Errno error) => Events.Add($"failed {failedIn} {error}");
    }
}
