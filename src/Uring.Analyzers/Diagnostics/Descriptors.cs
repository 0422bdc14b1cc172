using Microsoft.CodeAnalysis;

namespace Uring.Analyzers.Diagnostics;

/// <summary>
/// The one catalogue of Uring diagnostics. ID ranges, so other rule families can be added without
/// renumbering: <c>URING0001</c>–<c>URING0049</c> use of the runtime (buffer lifetime, single issuer),
/// <c>URING0100</c>–<c>URING0149</c> <c>[UringOp]</c> declarations, <c>URING0150</c>–<c>URING0199</c>
/// <c>[UringContext]</c> and <c>[UringHandler]</c> declarations. Every ID has a page under <c>docs/analyzers/</c> and a
/// line in <c>AnalyzerReleases.Unshipped.md</c>.
/// </summary>
internal static class Descriptors
{
    public const string UnstableMemoryId = "URING0001";
    public const string ReleasedBeforeCompletionId = "URING0002";
    public const string ReusedWhileInFlightId = "URING0003";
    public const string BorrowedViewStoredId = "URING0004";
    public const string ProvidedBufferNotRecycledId = "URING0005";
    public const string PooledContextNotReturnedId = "URING0006";
    public const string ReturnedTwiceId = "URING0007";
    public const string SuppressedCompletionAwaitedId = "URING0008";
    public const string IssuerCallOnOtherThreadId = "URING0009";
    public const string IssuerCallAfterAwaitId = "URING0010";
    public const string SharedSingleIssuerRingId = "URING0011";
    public const string LoopThreadBlockedId = "URING0012";
    public const string UsedAfterReturnId = "URING0013";

    public const string OpNotPartialDeclarationId = "URING0100";
    public const string OpReturnTypeId = "URING0101";
    public const string OpContextCountId = "URING0102";
    public const string OpParameterUnmappedId = "URING0103";
    public const string OpRingId = "URING0104";
    public const string OpDuplicateFieldId = "URING0105";
    public const string OpInvalidFlagId = "URING0106";
    public const string OpUnencodableTypeId = "URING0107";
    public const string OpOptionNotApplicableId = "URING0108";
    public const string OpGenericId = "URING0109";
    public const string OpFieldNotScalarId = "URING0110";
    public const string OpFileLocalTypeId = "URING0111";
    public const string OpHeldMarkerId = "URING0112";

    public const string ContextShapeId = "URING0150";
    public const string ContextTooLargeId = "URING0151";
    public const string ContextFieldId = "URING0152";
    public const string ContextTooManyReferencesId = "URING0153";
    public const string ContextSecondHandlerId = "URING0154";
    public const string ContextReservedNameId = "URING0155";
    public const string HandlerShapeId = "URING0156";

    private const string LifetimeCategory = "Uring.BufferLifetime";
    private const string IssuerCategory = "Uring.SingleIssuer";
    private const string LoopCategory = "Uring.EventLoop";
    private const string DeclarationCategory = "Uring.OpDeclaration";
    private const string ContextCategory = "Uring.ContextDeclaration";
    private const string ContextDescription = "The Uring generator writes nothing for a malformed [UringContext] declaration; this rule says what is wrong.";
    private const string HelpBase = "https://github.com/uring-dotnet/uring/blob/main/docs/analyzers/";

    /// <summary>"{0} is {1}: the kernel keeps using it until the completion, but it can move or die before then".</summary>
    public static readonly DiagnosticDescriptor UnstableMemory = Rule(
        UnstableMemoryId, LifetimeCategory, DiagnosticSeverity.Error,
        "Memory that can move or die is handed to an op that keeps it",
        "'{0}' is {1}; the kernel uses it until the completion, but it can move or die before then",
        "The kernel reads or writes an op's buffer until its completion. Stack memory dies with the frame, a plain managed array moves at any GC, and a fixed or using-pinned pointer is unpinned when its scope ends. Use native memory, a pinned array (GC.AllocateArray with pinned: true) or a pin that outlives the completion.");

    /// <summary>"The {0} of a buffer submitted to '{1}' is {2} before the completion is observed".</summary>
    public static readonly DiagnosticDescriptor ReleasedBeforeCompletion = Warning(
        ReleasedBeforeCompletionId, LifetimeCategory,
        "Buffer owner released before the completion is observed",
        "'{0}' is {1} while the op that uses its memory is still in flight",
        "A buffer submitted to an op stays in the kernel's hands until its completion is observed. Disposing its owner, returning it to a pool, freeing it or unpinning it first lets the kernel write into memory that was reused or freed.");

    /// <summary>"'{0}' is {1} while an op that uses it is in flight".</summary>
    public static readonly DiagnosticDescriptor ReusedWhileInFlight = Warning(
        ReusedWhileInFlightId, LifetimeCategory,
        "Buffer written or resubmitted while an op uses it",
        "'{0}' is {1} while an op that uses it is still in flight",
        "Until its completion, the kernel may read or write a submitted buffer at any moment. Writing it, or handing it to a second op that writes it, races with the kernel.");

    /// <summary>"A borrowed {0} is stored in {1}; copy what you need before the next reap".</summary>
    public static readonly DiagnosticDescriptor BorrowedViewStored = Warning(
        BorrowedViewStoredId, LifetimeCategory,
        "Borrowed completion view stored beyond the reap loop",
        "A borrowed '{0}' is stored in {1}; copy the fields you need instead",
        "Completion views, bundles and provided buffers describe ring memory that is recycled after the reap loop. Storing the view lets later code read a context or buffer that was already returned and reused.");

    /// <summary>"The provided buffer '{0}' is not recycled on some path".</summary>
    public static readonly DiagnosticDescriptor ProvidedBufferNotRecycled = Warning(
        ProvidedBufferNotRecycledId, LifetimeCategory,
        "Provided buffer not recycled on some path",
        "The provided buffer in '{0}' is not recycled on some path out of this method",
        "A provided buffer taken from a buffer ring must be given back, or the ring runs out of buffers and receives start failing with ENOBUFS.");

    /// <summary>"The pooled context '{0}' is not returned on some path".</summary>
    public static readonly DiagnosticDescriptor PooledContextNotReturned = Warning(
        PooledContextNotReturnedId, LifetimeCategory,
        "Pooled context not returned on some path",
        "The pooled context in '{0}' is neither returned nor handed to an op on some path out of this method",
        "Pooled Extended and Indirect contexts are as many as the ring's SQ entries. One that is rented and neither submitted nor returned is lost, and the pool runs dry.");

    /// <summary>"'{0}' may already have been returned on some path".</summary>
    public static readonly DiagnosticDescriptor ReturnedTwice = Warning(
        ReturnedTwiceId, LifetimeCategory,
        "Pooled context or provided buffer returned twice",
        "'{0}' may already have been returned on some path to this call",
        "Returning a pooled context or a provided buffer twice puts one slot in the pool twice, so two requests later share it.");

    /// <summary>"'{0}' waits for {1} completion(s), but the write-like op before it posts none on success; it {2}".</summary>
    public static readonly DiagnosticDescriptor SuppressedCompletionAwaited = Warning(
        SuppressedCompletionAwaitedId, LifetimeCategory,
        "Waiting for a completion that CQE_SKIP_SUCCESS suppresses",
        "'{0}' waits for {1} completion(s), but the write-like op prepared before it posts none when it succeeds (the ring has NotifySucceed off): it {2}",
        "A ring created without NotifySucceed marks write-like ops with IOSQE_CQE_SKIP_SUCCESS: they post a completion only when they fail. Waiting for one blocks until the timeout, or forever.");

    /// <summary>"'{0}' is called on single-issuer ring '{1}' {2}" ({2}: where, and why that is another thread).</summary>
    public static readonly DiagnosticDescriptor IssuerCallOnOtherThread = Warning(
        IssuerCallOnOtherThreadId, IssuerCategory,
        "Single-issuer ring driven from another thread",
        "'{0}' is called on single-issuer ring '{1}' {2}",
        "A ring created without MultiIssuers belongs to the thread that started it; the kernel refuses submission from any other thread. Hand the work to the ring's thread through a queue, or create the ring with MultiIssuers = true.");

    /// <summary>"'{0}' is called on single-issuer ring '{1}' after an await, which may resume on another thread".</summary>
    public static readonly DiagnosticDescriptor IssuerCallAfterAwait = Warning(
        IssuerCallAfterAwaitId, IssuerCategory,
        "Single-issuer ring driven after an await",
        "'{0}' is called on single-issuer ring '{1}' after an await, whose continuation may run on another thread",
        "After an await, an async method may continue on any thread-pool thread. A single-issuer ring only accepts calls from the thread that started it.");

    /// <summary>"Single-issuer ring '{0}' is {1}, where other threads' code can reach it".</summary>
    public static readonly DiagnosticDescriptor SharedSingleIssuerRing = new(
        SharedSingleIssuerRingId,
        "Single-issuer ring shared with other threads",
        "Single-issuer ring '{0}' is {1}, where code on other threads can reach it",
        IssuerCategory,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A single-issuer ring stored in a static field or captured by thread-pool code is easy to drive from the wrong thread. Keep it owned by one loop, or create it with MultiIssuers = true.",
        helpLinkUri: HelpBase + SharedSingleIssuerRingId + ".md");

    /// <summary>"'{0}' is read after it was given back on every path to here".</summary>
    public static readonly DiagnosticDescriptor UsedAfterReturn = Warning(
        UsedAfterReturnId, LifetimeCategory,
        "Provided buffer or pooled context used after it was given back",
        "'{0}' is read after it was recycled or returned on every path to here; its memory may already belong to another request",
        "Recycling a provided buffer hands its memory back to the kernel, which fills it with the next receive; returning a pooled context hands its slot to the next request. A span read from the buffer before the recycle dies with it. Copy what you need first, then give it back.");

    /// <summary>"'{0}' blocks the event loop's thread until {1} completes, but only that thread can complete it".</summary>
    public static readonly DiagnosticDescriptor LoopThreadBlocked = Warning(
        LoopThreadBlockedId, LoopCategory,
        "Event loop thread blocked on the loop's own work",
        "'{0}' blocks the event loop's thread until {1} completes, but only that thread can complete it",
        "Code given to EventLoop.Post or RunAsync, or running after await loop.SwitchTo(), runs on the loop thread, which is the thread that completes every operation of the loop. Blocking it on a loop operation (.Result, .Wait(), GetAwaiter().GetResult()) waits for a completion that thread would have to deliver: the loop stops and nothing completes. Await the operation instead.");

    /// <summary>"[UringOp] method '{0}' must be a partial method declaration without a body".</summary>
    public static readonly DiagnosticDescriptor OpNotPartialDeclaration = Error(
        OpNotPartialDeclarationId,
        "[UringOp] method must be a partial declaration without a body",
        "[UringOp] method '{0}' must be a partial method declaration without a body; the generator writes the body");

    /// <summary>"[UringOp] method '{0}' must return bool".</summary>
    public static readonly DiagnosticDescriptor OpReturnType = Error(
        OpReturnTypeId,
        "[UringOp] method must return bool",
        "[UringOp] method '{0}' must return bool (false when the SQ is full), not '{1}'");

    /// <summary>"[UringOp] method '{0}' must take exactly one SqeContext parameter".</summary>
    public static readonly DiagnosticDescriptor OpContextCount = Error(
        OpContextCountId,
        "[UringOp] method needs exactly one SqeContext parameter",
        "[UringOp] method '{0}' must take exactly one SqeContext parameter, but it takes {1}");

    /// <summary>"Parameter '{0}' of [UringOp] method '{1}' {2}".</summary>
    public static readonly DiagnosticDescriptor OpParameterUnmapped = Error(
        OpParameterUnmappedId,
        "[UringOp] parameter has no SQE mapping",
        "Parameter '{0}' {1}");

    /// <summary>"[UringOp] method '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor OpRing = Error(
        OpRingId,
        "[UringOp] method needs exactly one ring",
        "[UringOp] method '{0}' {1}");

    /// <summary>"Parameters '{0}' and '{1}' both write SQE field {2}".</summary>
    public static readonly DiagnosticDescriptor OpDuplicateField = Error(
        OpDuplicateFieldId,
        "Two [UringOp] parameters write the same SQE field",
        "Parameters '{0}' and '{1}' both write SQE field {2}");

    /// <summary>"[SqeFlag] parameter '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor OpInvalidFlag = Error(
        OpInvalidFlagId,
        "Invalid [SqeFlag] parameter",
        "[SqeFlag] parameter '{0}' {1}");

    /// <summary>"Parameter '{0}' has type '{1}', which the generator cannot encode{2}".</summary>
    public static readonly DiagnosticDescriptor OpUnencodableType = Error(
        OpUnencodableTypeId,
        "[UringOp] parameter type cannot be encoded",
        "Parameter '{0}' has type '{1}', which the generator cannot encode{2}");

    /// <summary>"{0} on parameter '{1}' applies only to {2}".</summary>
    public static readonly DiagnosticDescriptor OpOptionNotApplicable = Error(
        OpOptionNotApplicableId,
        "[Sqe] option does not apply to the parameter",
        "{0} on parameter '{1}' applies only to {2}");

    /// <summary>"[UringOp] method '{0}' must not be generic".</summary>
    public static readonly DiagnosticDescriptor OpGeneric = Error(
        OpGenericId,
        "[UringOp] method must not be generic",
        "[UringOp] method '{0}' must not be generic");

    /// <summary>"Parameter '{0}' targets SQE field {1}, which cannot hold a value".</summary>
    public static readonly DiagnosticDescriptor OpFieldNotScalar = Error(
        OpFieldNotScalarId,
        "SQE field cannot hold a parameter value",
        "Parameter '{0}' targets SQE field {1}, which cannot hold a value");

    /// <summary>"[UringOp] method '{0}' is in file-local type '{1}'".</summary>
    public static readonly DiagnosticDescriptor OpFileLocalType = Error(
        OpFileLocalTypeId,
        "[UringOp] method must not be in a file-local type",
        "[UringOp] method '{0}' is in file-local type '{1}', which the generated body cannot reopen from its own file");

    /// <summary>"Parameter '{0}' {1}" (held memory without [HeldUntilCompletion], or the marker on memory the op copies).</summary>
    public static readonly DiagnosticDescriptor OpHeldMarker = Error(
        OpHeldMarkerId,
        "[HeldUntilCompletion] does not match what the op does with the parameter",
        "Parameter '{0}' {1}");

    /// <summary>"[UringContext] type '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor ContextShape = Error(
        ContextShapeId,
        "[UringContext] type must be a partial struct",
        "[UringContext] type '{0}' {1}",
        ContextCategory,
        ContextDescription);

    /// <summary>"The unmanaged fields of [UringContext] '{0}' take {1} bytes (naturally aligned), more than the 64 bytes of ExtendedSqe user data".</summary>
    public static readonly DiagnosticDescriptor ContextTooLarge = Error(
        ContextTooLargeId,
        "[UringContext] is larger than 64 bytes",
        "The unmanaged fields of [UringContext] '{0}' take {1} bytes (naturally aligned), more than the 64 bytes of ExtendedSqe user data",
        ContextCategory,
        ContextDescription);

    /// <summary>"Context member '{0}' of type '{1}' {2}".</summary>
    public static readonly DiagnosticDescriptor ContextField = Error(
        ContextFieldId,
        "[UringContext] member cannot be stored",
        "Context member '{0}' of type '{1}' {2}",
        ContextCategory,
        ContextDescription);

    /// <summary>"[UringContext] '{0}' has {1} reference fields; a context carries at most {2}".</summary>
    public static readonly DiagnosticDescriptor ContextTooManyReferences = Error(
        ContextTooManyReferencesId,
        "[UringContext] has too many reference fields",
        "[UringContext] '{0}' has {1} reference fields; a context carries at most {2}",
        ContextCategory,
        ContextDescription);

    /// <summary>"[UringContext] '{0}' has a second CompletionHandler field '{1}'; the handler slot is one field, at offset 0".</summary>
    public static readonly DiagnosticDescriptor ContextSecondHandler = Error(
        ContextSecondHandlerId,
        "[UringContext] has more than one CompletionHandler field",
        "[UringContext] '{0}' has a second CompletionHandler field '{1}'; the handler slot is one field, at offset 0",
        ContextCategory,
        ContextDescription);

    /// <summary>"'{0}' is a name the generator gives a member of every [UringContext]; rename it".</summary>
    public static readonly DiagnosticDescriptor ContextReservedName = Error(
        ContextReservedNameId,
        "[UringContext] member uses a generated member's name",
        "'{0}' is a name the generator gives a member of every [UringContext]; rename it",
        ContextCategory,
        ContextDescription);

    /// <summary>"[UringHandler] method '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor HandlerShape = Warning(
        HandlerShapeId, ContextCategory,
        "[UringHandler] method is not 'static void M(Ring ring, in CqeView cqe)'",
        "[UringHandler] method '{0}' {1}",
        "Generated dispatchers call [UringHandler] methods directly only when they are static, non-generic, outside generic types and take (Ring ring, in CqeView cqe); any other method marked [UringHandler] is ignored.");

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message, string description)
        => Rule(id, category, DiagnosticSeverity.Warning, title, message, description);

    private static DiagnosticDescriptor Rule(string id, string category, DiagnosticSeverity severity, string title, string message, string description)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpBase + id + ".md");

    /// <summary>A declaration rule: an error, because the generator writes nothing for the declaration.</summary>
    private static DiagnosticDescriptor Error(
        string id,
        string title,
        string message,
        string category = DeclarationCategory,
        string description = "The Uring generator writes no body for a malformed [UringOp] declaration; this rule says what is wrong.")
        => new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpBase + id + ".md");
}
