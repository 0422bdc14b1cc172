using static Uring.SqeField;

namespace Uring;

// Socket creation. The target (FileTarget) says where the socket goes: a process fd, registered-file slot n
// (file_index = n + 1), or a slot the kernel picks (IORING_FILE_INDEX_ALLOC, whose CQE result is the 0-based
// slot). A socket in a slot is closed with TryPrepareCloseDirect (fd 0, file_index = slot + 1): CLOSE with
// IOSQE_FIXED_FILE fails with EBADF on Linux 6.18.
public sealed partial class Ring
{
    /// <summary>
    /// Creates a socket, like <c>socket(2)</c> (<c>IORING_OP_SOCKET</c>): <paramref name="spec"/> gives the
    /// domain (in <c>fd</c>), type (in <c>off</c>) and protocol (in <c>len</c>), for example
    /// <see cref="SocketSpec.Tcp4"/>; <paramref name="target"/> where the socket goes (in <c>file_index</c>).
    /// For a slot target the <see cref="SocketKind.CloseOnExec"/> bit of the spec is not sent (the kernel
    /// refuses it there; see <see cref="FileTarget"/>). Result: the new fd for
    /// <see cref="FileTarget.Descriptor"/>, 0 for <see cref="FileTarget.Slot(uint)"/>, the 0-based slot for
    /// <see cref="FileTarget.AnySlot"/> (<c>-ENFILE</c> when none is free).
    /// </summary>
    [UringOp(IoUringOp.Socket)]
    public partial bool TryPrepareSocket(
        SqeContext context,
        SocketSpec spec,
        [Sqe(FileIndex)] FileTarget target = default,
        in OpOptions options = default);
}
