using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// NAPI busy polling on a ring that carries loopback TCP traffic. What the kernel stores is read back through its own
/// answers (each registration returns the settings it replaced), and static ids are added and removed for real. What
/// cannot be shown here: loopback has no NAPI instance (its sockets report NAPI id 0), so no receive queue is actually
/// busy-polled; that needs a NIC whose driver uses NAPI.
/// </summary>
public sealed class NapiTests
{
    private const int SolSocket = 1;
    private const int SoIncomingNapiId = 56;

    [Fact]
    public void Settings_are_registered_and_read_back_from_the_kernel()
    {
        using Ring ring = TestRings.Started();
        (int client, int server) = Loopback.TcpPair(ring);
        try
        {
            Assert.Equal(0, Posix.GetSockOptInt(server, SolSocket, SoIncomingNapiId));

            NapiSettings first = new(TimeSpan.FromMicroseconds(100), PreferBusyPoll: true, NapiTracking.Static);
            NapiSettings before = ring.RegisterNapi(first);
            Assert.Equal(new NapiSettings(TimeSpan.Zero, false, NapiTracking.Inactive), before);

            NapiSettings second = new(TimeSpan.FromMicroseconds(250), PreferBusyPoll: false, NapiTracking.Dynamic);
            Assert.Equal(first, ring.RegisterNapi(second));

            // Traffic flows with dynamic tracking on (the ring adds each receiving socket's NAPI id; loopback has none).
            using NativeBuffer payload = new(5);
            "napi!"u8.CopyTo(payload.Span);
            using NativeBuffer received = new(16);
            Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(1), server, received.Span));
            Assert.True(ring.TryPrepareSend(SqeContext.FromValue(2), client, payload.Span));
            CqeView[] both = ring.WaitMany(2);
            foreach (CqeView cqe in both)
            {
                Assert.Equal(5, cqe.Result);
            }

            Assert.Equal("napi!"u8.ToArray(), received.Span[..5].ToArray());

            Assert.Equal(second, ring.UnregisterNapi());
            Assert.Equal(new NapiSettings(TimeSpan.Zero, false, NapiTracking.Inactive), ring.UnregisterNapi());
            Assert.Equal(new NapiSettings(TimeSpan.Zero, false, NapiTracking.Inactive), ring.RegisterNapi(second));
        }
        finally
        {
            Posix.CloseQuietly(ref client);
            Posix.CloseQuietly(ref server);
        }
    }

    [Fact]
    public void Static_ids_are_added_and_removed_once()
    {
        using Ring ring = TestRings.Started();
        Assert.Throws<InvalidOperationException>(() => ring.AddNapiId(1 << 20));
        ring.RegisterNapi(new NapiSettings(TimeSpan.FromMicroseconds(50), Tracking: NapiTracking.Static));
        const uint Id = (1 << 20) + 7;
        Assert.True(ring.AddNapiId(Id));
        Assert.False(ring.AddNapiId(Id));
        Assert.True(ring.AddNapiId(Id + 1));
        Assert.True(ring.RemoveNapiId(Id));
        Assert.False(ring.RemoveNapiId(Id));
        Assert.True(ring.RemoveNapiId(Id + 1));
        Assert.Equal("napiId", Assert.Throws<ArgumentOutOfRangeException>(() => ring.AddNapiId(0)).ParamName);

        // A new registration resets the strategy; dynamic tracking takes no static ids.
        ring.RegisterNapi(new NapiSettings(TimeSpan.FromMicroseconds(50)));
        Assert.Throws<InvalidOperationException>(() => ring.AddNapiId(Id));
        ring.UnregisterNapi();
        Assert.Throws<InvalidOperationException>(() => ring.RemoveNapiId(Id));
    }

    [Fact]
    public void Bad_settings_and_polling_rings_are_refused()
    {
        using Ring ring = TestRings.Started();
        Assert.Equal("settings", Assert.Throws<ArgumentException>(() => ring.RegisterNapi(new NapiSettings(TimeSpan.FromMicroseconds(1), Tracking: NapiTracking.Inactive))).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentOutOfRangeException>(() => ring.RegisterNapi(new NapiSettings(TimeSpan.FromMicroseconds(-1)))).ParamName);

        using Ring polled = TestRings.Started(new RingOptions { Entries = 8, IoPolling = true });
        Assert.Throws<InvalidOperationException>(() => polled.RegisterNapi(new NapiSettings(TimeSpan.FromMicroseconds(10))));
    }
}
