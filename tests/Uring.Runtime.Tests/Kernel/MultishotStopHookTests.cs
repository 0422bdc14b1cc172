using System;
using System.IO;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// A ring stopped while a multishot subscription is in flight: the connections its unreaped accept completions
/// carry are closed (nobody else knows those fds), and the results of every other completion, which are not
/// descriptors, are left alone. Counted with <c>/proc/self/fd</c>, so these tests run alone. Counts are taken
/// relative to a moment after every code path ran once (the runtime keeps an fd per assembly it loads).
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class MultishotStopHookTests
{
    private const int Connections = 3;

    [Fact]
    public void Stopping_the_ring_closes_the_connections_of_unreaped_accept_completions()
    {
        RecordingMultishotHandler handler = new();
        using Ring clients = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        (int listener, SockAddr address) = Loopback.Listen(ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        Assert.True(MultishotSubscription.TryStartAccept(ring, listener, handler, out MultishotSubscription? accepts));
        Assert.Equal(1, ring.Submit());

        int[] sockets = Connect(clients, address);
        WaitUntilPosted(ring, Connections);
        int beforeStop = OpenFds();

        ring.Stop();

        // The ring's fd and the three accepted connections are gone; the listener and the clients are ours to close.
        Assert.Equal(beforeStop - 1 - Connections, OpenFds());
        Assert.Empty(handler.Completions);
        Assert.Equal(0, handler.StopCalls);
        Span<byte> one = stackalloc byte[1];
        foreach (int socket in sockets)
        {
            Assert.Equal(0, Posix.Read(socket, one)); // end of stream: the server side was closed
            Posix.CloseQuietly(socket);
        }

        Posix.CloseQuietly(ref listener);
        clients.Dispose();
        Assert.Equal(beforeStop - 1 - Connections - Connections - 2, OpenFds());
        Assert.Equal(0, accepts.Completions);
    }

    [Fact]
    public void Results_that_are_not_descriptors_are_left_alone_when_the_ring_stops()
    {
        using Ring clients = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        (int bystander, int bystanderPeer) = Posix.Pipe();
        string? bystanderTarget = Posix.FdTarget(bystander);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            // A direct accept: its result is the registered-file slot, here the same number as the bystander fd.
            ring.RegisterFilesSparse(bystander + 1);
            ring.SetFileAllocRange(bystander, 1);
            (int listener, SockAddr address) = Loopback.Listen(ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
            Assert.True(MultishotSubscription.TryStart(ring, 
                new RecordingMultishotHandler(),
                listener,
                static (Ring r, SqeContext context, in int fd) => r.TryPrepareAcceptMultishot(context, fd, target: FileTarget.AnySlot),
                out _));

            // A multishot receive: its result is a byte count, here the same number as the bystander fd.
            ring.RegisterProvidedBufferRing(7, 2, 4096);
            Assert.True(MultishotSubscription.TryStartRecv(ring, a, 7, new RecordingMultishotHandler(), out _));
            Assert.Equal(2, ring.Submit());

            int client = Connect(clients, address, count: 1)[0];
            Posix.WriteAll(b, new byte[bystander]);
            WaitUntilPosted(ring, 2);

            ring.Stop();

            Assert.True(Posix.IsOpen(bystander), "the stop hook closed a number that was a slot or a byte count, not an fd it was handed");
            Assert.Equal(bystanderTarget, Posix.FdTarget(bystander));
            Posix.CloseQuietly(ref client);
            Posix.CloseQuietly(ref listener);
        }
        finally
        {
            ring.Dispose();
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }

        Posix.CloseQuietly(ref bystander);
        Posix.CloseQuietly(ref bystanderPeer);
    }

    [Fact]
    public void A_subscription_is_a_stop_hook_only_while_its_request_is_in_flight()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        (int listener, _) = Loopback.Listen(ring, SocketDomain.IPv4, SocketKind.Stream, SockAddr.IPv4Loopback(0));
        try
        {
            RecordingMultishotHandler handler = new();
            Assert.True(MultishotSubscription.TryStartAccept(ring, listener, handler, out MultishotSubscription? accepts));
            Assert.Equal(1, ring.StopHookCount);
            Assert.True(accepts.Cancel());
            Span<CqeView> batch = stackalloc CqeView[4];
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (accepts.State != SubscriptionState.Stopped)
            {
                Assert.True(DateTime.UtcNow < deadline, "the cancelled subscription did not stop within 10 s");
                int n = ring.Wait(batch, 1, TimeSpan.FromMilliseconds(200));
                for (int i = 0; i < n; i++)
                {
                    Assert.True(MultishotSubscription.TryHandle(ring, in batch[i]));
                }
            }

            Assert.Equal(0, ring.StopHookCount);

            // A subscription whose preparer queued nothing never stays hooked.
            Assert.False(MultishotSubscription.TryStart(ring, handler, 0, static (Ring r, SqeContext c, in int s) => false, out _));
            Assert.Equal(0, ring.StopHookCount);
        }
        finally
        {
            Posix.CloseQuietly(ref listener);
        }
    }

    private static int OpenFds() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>Connects <paramref name="count"/> TCP clients on their own ring (so the accepting ring reaps nothing).</summary>
    private static int[] Connect(Ring clients, in SockAddr address, int count = Connections)
    {
        int[] sockets = new int[count];
        for (int i = 0; i < count; i++)
        {
            sockets[i] = clients.Complete(clients.TryPrepareSocket(SqeContext.FromValue(10), SocketSpec.Tcp4), "socket");
            clients.Complete(clients.TryPrepareConnect(SqeContext.FromValue(11), sockets[i], address), "connect");
        }

        return sockets;
    }

    /// <summary>Lets the kernel post <paramref name="count"/> completions on <paramref name="ring"/> without reaping any.</summary>
    private static void WaitUntilPosted(Ring ring, int count)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (ring.CqPending < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {ring.CqPending} of {count} completions were posted within 10 s");
            ring.Wait(Span<CqeView>.Empty, count, TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(count, ring.CqPending);
    }
}
