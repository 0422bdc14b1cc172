namespace Uring;

/// <summary>What an event loop's request is, as its <c>user_data</c> says (bits 56–61 of the Value).</summary>
internal enum AsyncRequestKind : byte
{
    /// <summary>An awaitable operation: the source's index and generation.</summary>
    Operation = 0,

    /// <summary>The eventfd read that wakes the loop (its generation counts re-arms).</summary>
    Wake = 1,

    /// <summary>An <c>ASYNC_CANCEL</c> aimed at one operation.</summary>
    Cancel = 2,

    /// <summary>A <c>LINK_TIMEOUT</c> giving one operation its deadline.</summary>
    LinkTimeout = 3,

    /// <summary>The shutdown's <c>ASYNC_CANCEL</c> of everything in flight.</summary>
    CancelAll = 4,

    /// <summary>A multishot request (a slot of the loop's multishot table and that slot's generation).</summary>
    Multishot = 5,

    /// <summary>The completion another loop's <c>MSG_RING</c> posts to wake this one (a post from that loop's thread).</summary>
    WakeMessage = 6,

    /// <summary>This loop's own completion of a wake message it sent (a slot of its message table and that slot's generation).</summary>
    WakeMessageSent = 7,

    /// <summary>A hand-off's <c>FILES_UPDATE</c> of the descriptor into the source's slot (posts only when it fails).</summary>
    HandOffStage = 8,

    /// <summary>A hand-off's <c>MSG_RING</c> with <c>IORING_MSG_SEND_FD</c>, on the source (a hand-off slot and its generation).</summary>
    HandOffSend = 9,

    /// <summary>A hand-off's close of the source's slot.</summary>
    HandOffClear = 10,

    /// <summary>The completion the kernel posts on the target when a handed descriptor landed (result: its slot).</summary>
    HandOffArrival = 11,

    /// <summary>The target's <c>FIXED_FD_INSTALL</c> of an arrived slot (result: the new descriptor).</summary>
    HandOffInstall = 12,

    /// <summary>The target's close of an arrived slot.</summary>
    HandOffRelease = 13,
}

/// <summary>
/// The <c>user_data</c> of an event loop's requests: Value-mode contexts (62 bits, no pooled memory) laid out as
/// index (bits 0–23) · generation (24–55) · kind (56–61). The generation is the source's, bumped on every rent,
/// so a completion that arrives for a source after it was recycled names an old generation and is dropped.
/// </summary>
internal static class AsyncUserData
{
    public const int IndexBits = 24;
    public const int MaxIndex = (1 << IndexBits) - 1;
    private const int GenerationShift = IndexBits;
    private const int KindShift = 56;

    public static ulong Encode(AsyncRequestKind kind, int index, uint generation)
        => ((ulong)kind << KindShift) | ((ulong)generation << GenerationShift) | (uint)index;

    public static AsyncRequestKind KindOf(ulong value) => (AsyncRequestKind)(value >> KindShift);

    public static int IndexOf(ulong value) => (int)(value & MaxIndex);

    public static uint GenerationOf(ulong value) => (uint)(value >> GenerationShift);

    /// <summary>The context to submit: exactly <paramref name="value"/> as the request's <c>user_data</c> (Value mode).</summary>
    public static SqeContext Context(ulong value) => SqeContext.FromValue(value);
}
