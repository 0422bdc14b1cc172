using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// A no-op (<c>IORING_OP_NOP</c>): completes without doing anything. Result: 0, or
    /// <paramref name="result"/> when <paramref name="flags"/> has <see cref="NopFlags.InjectResult"/>.
    /// </summary>
    [UringOp(IoUringOp.Nop, Fd = -1)]
    public partial bool TryPrepareNop(
        SqeContext context,
        [Sqe(OpFlags)] NopFlags flags = NopFlags.None,
        [Sqe(Len)] int result = 0,
        in OpOptions options = default);
}
