// Uring.Generators and Uring.Analyzers compile this file too (URING_ROSLYN, as an internal copy: they cannot
// reference the runtime), so the kinds the generator reads from [UringOp] and the analyzers test are these.
#if URING_ROSLYN
namespace Uring.Generators.Model;
#else
namespace Uring;
#endif

/// <summary>How a prep method's completion policy treats an op.</summary>
#if URING_ROSLYN
internal
#else
public
#endif
enum UringOpKind
{
    /// <summary>No implicit flags.</summary>
    Other = 0,
    /// <summary>Reads data; no implicit flags.</summary>
    ReadLike = 1,
    /// <summary>
    /// Writes data (write, send, ...): gets <c>IOSQE_CQE_SKIP_SUCCESS</c> unless the ring was created with
    /// <see cref="RingOptions.NotifySucceed"/>.
    /// </summary>
    WriteLike = 2,
}
