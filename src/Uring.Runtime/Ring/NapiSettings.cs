using System;

namespace Uring;

/// <summary>How a ring finds the NAPI instances (network receive queues) it busy-polls.</summary>
public enum NapiTracking : uint
{
    /// <summary><c>IO_URING_NAPI_TRACKING_DYNAMIC</c>: the ring adds the NAPI id of every socket it receives on.</summary>
    Dynamic = 0,

    /// <summary><c>IO_URING_NAPI_TRACKING_STATIC</c>: only the ids given to <see cref="Ring.AddNapiId"/> are polled.</summary>
    Static = 1,

    /// <summary><c>IO_URING_NAPI_TRACKING_INACTIVE</c>: no busy polling (what <see cref="Ring.UnregisterNapi"/> leaves).</summary>
    Inactive = 255,
}

/// <summary>
/// A ring's NAPI busy-poll settings (<c>struct io_uring_napi</c>): while it waits, the ring polls the receive queues of
/// its sockets for up to <see cref="BusyPollTimeout"/> instead of sleeping until an interrupt, trading CPU for latency.
/// </summary>
/// <param name="BusyPollTimeout">How long a wait busy-polls (whole microseconds, up to 2^32-1).</param>
/// <param name="PreferBusyPoll">Ask the network stack to defer interrupts while the ring polls (<c>SO_PREFER_BUSY_POLL</c>).</param>
/// <param name="Tracking">How the NAPI instances are found.</param>
public readonly record struct NapiSettings(TimeSpan BusyPollTimeout, bool PreferBusyPoll = false, NapiTracking Tracking = NapiTracking.Dynamic)
{
    /// <summary><see cref="BusyPollTimeout"/> in microseconds, rounded up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative or above 2^32-1 µs.</exception>
    internal uint BusyPollMicroseconds
    {
        get
        {
            if (BusyPollTimeout < TimeSpan.Zero || BusyPollTimeout.TotalMicroseconds > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException("settings", BusyPollTimeout, "NapiSettings.BusyPollTimeout must be between zero and 2^32-1 µs.");
            }

            return (uint)Math.Ceiling(BusyPollTimeout.TotalMicroseconds);
        }
    }
}
