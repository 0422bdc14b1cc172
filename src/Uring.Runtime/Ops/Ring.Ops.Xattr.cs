using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Reads extended attribute <paramref name="name"/> of an open file into <paramref name="value"/>, like
    /// <c>fgetxattr(2)</c> (<c>IORING_OP_FGETXATTR</c>). The name is staged; the kernel writes
    /// <paramref name="value"/> at completion, so it must not move until then. An empty
    /// <paramref name="value"/> asks for the size. Result: the value's length in bytes; <c>-ERANGE</c> if
    /// <paramref name="value"/> is too small, <c>-ENODATA</c> if there is no such attribute.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.FGetXattr)]
    public partial bool TryPrepareFGetXattr(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] ReadOnlySpan<char> name,
        [Sqe(Addr2, LengthField = Len)] [HeldUntilCompletion] Span<byte> value,
        in OpOptions options = default);

    /// <summary>
    /// Sets extended attribute <paramref name="name"/> of an open file, like <c>fsetxattr(2)</c>
    /// (<c>IORING_OP_FSETXATTR</c>). The kernel copies both the name and the value when it consumes the SQE
    /// (<c>setxattr_copy</c> in the prep step), so both are staged and the caller's memory may die after
    /// this call. Result: 0; <c>-EEXIST</c>/<c>-ENODATA</c> for <see cref="XattrFlags.Create"/>/
    /// <see cref="XattrFlags.Replace"/>, <c>-EOPNOTSUPP</c> where the file system has no user xattrs.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.FSetXattr)]
    public partial bool TryPrepareFSetXattr(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] ReadOnlySpan<char> name,
        [Sqe(Addr2, LengthField = Len, Staged = true)] ReadOnlySpan<byte> value,
        [Sqe(OpFlags)] XattrFlags flags = XattrFlags.None,
        in OpOptions options = default);

    /// <summary>
    /// Reads extended attribute <paramref name="name"/> of the file at <paramref name="path"/>, like
    /// <c>getxattr(2)</c> (<c>IORING_OP_GETXATTR</c>, path in <c>addr3</c>). A relative path is resolved
    /// against the current directory (the kernel ignores the SQE <c>fd</c>) and symbolic links are followed.
    /// Path and name are staged; <paramref name="value"/> is written at completion. Result: as
    /// <see cref="TryPrepareFGetXattr(SqeContext, int, ReadOnlySpan{char}, Span{byte}, in OpOptions)"/>.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.GetXattr)]
    public partial bool TryPrepareGetXattr(
        SqeContext context,
        [Sqe(Addr3)] ReadOnlySpan<char> path,
        [Sqe(Addr)] ReadOnlySpan<char> name,
        [Sqe(Addr2, LengthField = Len)] [HeldUntilCompletion] Span<byte> value,
        in OpOptions options = default);

    /// <summary>
    /// Sets extended attribute <paramref name="name"/> of the file at <paramref name="path"/>, like
    /// <c>setxattr(2)</c> (<c>IORING_OP_SETXATTR</c>, path in <c>addr3</c>, resolved like
    /// <see cref="TryPrepareGetXattr(SqeContext, ReadOnlySpan{char}, ReadOnlySpan{char}, Span{byte}, in OpOptions)"/>). Path, name and value are staged. Result: as
    /// <see cref="TryPrepareFSetXattr"/>.
    /// A failure here does not break an <see cref="OpOptions.Linked"/> chain on Linux 6.18 (the kernel sets
    /// the result without failing the request), so the next linked request still runs.
    /// </summary>
    [UringOp(IoUringOp.SetXattr)]
    public partial bool TryPrepareSetXattr(
        SqeContext context,
        [Sqe(Addr3)] ReadOnlySpan<char> path,
        [Sqe(Addr)] ReadOnlySpan<char> name,
        [Sqe(Addr2, LengthField = Len, Staged = true)] ReadOnlySpan<byte> value,
        [Sqe(OpFlags)] XattrFlags flags = XattrFlags.None,
        in OpOptions options = default);
}
