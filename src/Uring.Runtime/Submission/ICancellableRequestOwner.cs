namespace Uring;

/// <summary>
/// A runtime helper with one long-lived request and a cancel of it, each on an owned context with its own tag
/// (<see cref="MultishotSubscription"/>, <see cref="ZeroCopyReceiver"/>): what
/// <see cref="OwnedContexts.Classify{T}(Ring, in CqeView, ulong, ulong, out ExtendedSqe, out T)"/> checks a completion against.
/// </summary>
internal interface ICancellableRequestOwner
{
    /// <summary>The ring the request runs on.</summary>
    Ring Ring { get; }

    /// <summary>The context of the request in flight now (default when none).</summary>
    ExtendedSqe CurrentRequest { get; }
}

/// <summary>Which of an owner's requests a completion belongs to.</summary>
internal enum OwnedCompletion
{
    /// <summary>None of the owner's: foreign, another ring's, or a request the owner has moved past.</summary>
    None,

    /// <summary>The owner's current request.</summary>
    Request,

    /// <summary>The cancel of the owner's request; its context goes back to the ring.</summary>
    Cancel,
}
