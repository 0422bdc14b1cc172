namespace Uring;

/// <summary>Where a <see cref="ZeroCopyReceiver"/> is: Idle, then Active, Stopping, Retiring, Stopped for each receive.</summary>
public enum ZeroCopyReceiverState
{
    /// <summary>Registered, nothing received yet: <see cref="ZeroCopyReceiver.TryStart"/> arms the receive.</summary>
    Idle,

    /// <summary>The multishot receive is armed and its completions go to the handler.</summary>
    Active,

    /// <summary>A cancel was queued (<see cref="ZeroCopyReceiver.TryStop"/>); completions still arrive until the final one.</summary>
    Stopping,

    /// <summary>The final completion arrived and <see cref="IZeroCopyReceiveHandler.OnStopped"/> is running.</summary>
    Retiring,

    /// <summary>
    /// The receive ended and <see cref="IZeroCopyReceiveHandler.OnStopped"/> returned (or the ring stopped under it). The
    /// receiver may be disposed, or started again on another socket.
    /// </summary>
    Stopped,
}
