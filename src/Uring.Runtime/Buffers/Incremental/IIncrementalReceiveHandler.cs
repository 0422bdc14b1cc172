using System;

namespace Uring;

/// <summary>
/// The callbacks of an <see cref="IncrementalReceiver"/>. A <em>fill</em> is the bytes received into one buffer of an
/// incremental group, from its first completion to the one that clears <see cref="CqeFlags.BufferMore"/>.
/// </summary>
public interface IIncrementalReceiveHandler
{
    /// <summary>
    /// A completion's bytes (empty at end of stream). <paramref name="hasMore"/> is <see cref="CqeFlags.BufferMore"/>:
    /// the buffer has room left and the fill goes on in it. The span is the group's memory: valid only until this call
    /// returns (the receiver gives the buffer back after it).
    /// </summary>
    void OnData(ReadOnlySpan<byte> data, bool hasMore);

    /// <summary>Once per fill, right after the <see cref="OnData"/> of the completion without <see cref="CqeFlags.BufferMore"/>.</summary>
    void OnComplete();

    /// <summary>
    /// Once per receiver: a negative result (<see cref="UringException"/> with its <see cref="UringException.Errno"/>),
    /// or a completion that breaks the fill's rules (<see cref="InvalidOperationException"/>: a buffer id that changed
    /// mid-fill, bytes beyond the buffer, no buffer). The receiver then makes no further calls.
    /// </summary>
    void OnError(Exception error);
}
