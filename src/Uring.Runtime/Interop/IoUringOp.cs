namespace Uring;

/// <summary>
/// The io_uring request opcodes (<c>enum io_uring_op</c>), as of Linux 6.18.
/// </summary>
/// <remarks>
/// Values come from the 6.18 uapi (BTF of the running kernel). <see cref="Nop128"/> and
/// <see cref="UringCmd128"/> are 6.19 opcodes for <c>SQE_MIXED</c> rings; a 6.18 kernel rejects them.
/// Never hard-code <c>IORING_OP_LAST</c>: probe the kernel instead.
/// </remarks>
public enum IoUringOp : byte
{
    /// <summary><c>IORING_OP_NOP</c>: completes immediately (5.1).</summary>
    Nop = 0,
    /// <summary><c>IORING_OP_READV</c>: vectored read, like <c>preadv2(2)</c> (5.1).</summary>
    Readv = 1,
    /// <summary><c>IORING_OP_WRITEV</c>: vectored write, like <c>pwritev2(2)</c> (5.1).</summary>
    Writev = 2,
    /// <summary><c>IORING_OP_FSYNC</c>: like <c>fsync(2)</c>/<c>fdatasync(2)</c> (5.1).</summary>
    Fsync = 3,
    /// <summary><c>IORING_OP_READ_FIXED</c>: read into a registered buffer (5.1).</summary>
    ReadFixed = 4,
    /// <summary><c>IORING_OP_WRITE_FIXED</c>: write from a registered buffer (5.1).</summary>
    WriteFixed = 5,
    /// <summary><c>IORING_OP_POLL_ADD</c> (5.1).</summary>
    PollAdd = 6,
    /// <summary><c>IORING_OP_POLL_REMOVE</c> (5.1).</summary>
    PollRemove = 7,
    /// <summary><c>IORING_OP_SYNC_FILE_RANGE</c> (5.2).</summary>
    SyncFileRange = 8,
    /// <summary><c>IORING_OP_SENDMSG</c> (5.3).</summary>
    SendMsg = 9,
    /// <summary><c>IORING_OP_RECVMSG</c> (5.3).</summary>
    RecvMsg = 10,
    /// <summary><c>IORING_OP_TIMEOUT</c> (5.4).</summary>
    Timeout = 11,
    /// <summary><c>IORING_OP_TIMEOUT_REMOVE</c>, also timeout update (5.5).</summary>
    TimeoutRemove = 12,
    /// <summary><c>IORING_OP_ACCEPT</c> (5.5).</summary>
    Accept = 13,
    /// <summary><c>IORING_OP_ASYNC_CANCEL</c> (5.5).</summary>
    AsyncCancel = 14,
    /// <summary><c>IORING_OP_LINK_TIMEOUT</c> (5.5).</summary>
    LinkTimeout = 15,
    /// <summary><c>IORING_OP_CONNECT</c> (5.5).</summary>
    Connect = 16,
    /// <summary><c>IORING_OP_FALLOCATE</c> (5.6).</summary>
    Fallocate = 17,
    /// <summary><c>IORING_OP_OPENAT</c> (5.6).</summary>
    OpenAt = 18,
    /// <summary><c>IORING_OP_CLOSE</c> (5.6).</summary>
    Close = 19,
    /// <summary><c>IORING_OP_FILES_UPDATE</c> (5.6).</summary>
    FilesUpdate = 20,
    /// <summary><c>IORING_OP_STATX</c> (5.6).</summary>
    Statx = 21,
    /// <summary><c>IORING_OP_READ</c> (5.6).</summary>
    Read = 22,
    /// <summary><c>IORING_OP_WRITE</c> (5.6).</summary>
    Write = 23,
    /// <summary><c>IORING_OP_FADVISE</c> (5.6).</summary>
    Fadvise = 24,
    /// <summary><c>IORING_OP_MADVISE</c> (5.6).</summary>
    Madvise = 25,
    /// <summary><c>IORING_OP_SEND</c> (5.6).</summary>
    Send = 26,
    /// <summary><c>IORING_OP_RECV</c> (5.6).</summary>
    Recv = 27,
    /// <summary><c>IORING_OP_OPENAT2</c> (5.6).</summary>
    OpenAt2 = 28,
    /// <summary><c>IORING_OP_EPOLL_CTL</c> (5.6).</summary>
    EpollCtl = 29,
    /// <summary><c>IORING_OP_SPLICE</c> (5.7).</summary>
    Splice = 30,
    /// <summary><c>IORING_OP_PROVIDE_BUFFERS</c> (5.7).</summary>
    ProvideBuffers = 31,
    /// <summary><c>IORING_OP_REMOVE_BUFFERS</c> (5.7).</summary>
    RemoveBuffers = 32,
    /// <summary><c>IORING_OP_TEE</c> (5.8).</summary>
    Tee = 33,
    /// <summary><c>IORING_OP_SHUTDOWN</c> (5.11).</summary>
    Shutdown = 34,
    /// <summary><c>IORING_OP_RENAMEAT</c> (5.11).</summary>
    RenameAt = 35,
    /// <summary><c>IORING_OP_UNLINKAT</c> (5.11).</summary>
    UnlinkAt = 36,
    /// <summary><c>IORING_OP_MKDIRAT</c> (5.15).</summary>
    MkdirAt = 37,
    /// <summary><c>IORING_OP_SYMLINKAT</c> (5.15).</summary>
    SymlinkAt = 38,
    /// <summary><c>IORING_OP_LINKAT</c> (5.15).</summary>
    LinkAt = 39,
    /// <summary><c>IORING_OP_MSG_RING</c> (5.18).</summary>
    MsgRing = 40,
    /// <summary><c>IORING_OP_FSETXATTR</c> (5.19).</summary>
    FSetXattr = 41,
    /// <summary><c>IORING_OP_SETXATTR</c> (5.19).</summary>
    SetXattr = 42,
    /// <summary><c>IORING_OP_FGETXATTR</c> (5.19).</summary>
    FGetXattr = 43,
    /// <summary><c>IORING_OP_GETXATTR</c> (5.19).</summary>
    GetXattr = 44,
    /// <summary><c>IORING_OP_SOCKET</c> (5.19).</summary>
    Socket = 45,
    /// <summary><c>IORING_OP_URING_CMD</c> (5.19).</summary>
    UringCmd = 46,
    /// <summary><c>IORING_OP_SEND_ZC</c> (6.0).</summary>
    SendZc = 47,
    /// <summary><c>IORING_OP_SENDMSG_ZC</c> (6.1).</summary>
    SendMsgZc = 48,
    /// <summary><c>IORING_OP_READ_MULTISHOT</c> (6.7).</summary>
    ReadMultishot = 49,
    /// <summary><c>IORING_OP_WAITID</c> (6.7).</summary>
    WaitId = 50,
    /// <summary><c>IORING_OP_FUTEX_WAIT</c> (6.7).</summary>
    FutexWait = 51,
    /// <summary><c>IORING_OP_FUTEX_WAKE</c> (6.7).</summary>
    FutexWake = 52,
    /// <summary><c>IORING_OP_FUTEX_WAITV</c> (6.7).</summary>
    FutexWaitV = 53,
    /// <summary><c>IORING_OP_FIXED_FD_INSTALL</c> (6.8).</summary>
    FixedFdInstall = 54,
    /// <summary><c>IORING_OP_FTRUNCATE</c> (6.9).</summary>
    Ftruncate = 55,
    /// <summary><c>IORING_OP_BIND</c> (6.11).</summary>
    Bind = 56,
    /// <summary><c>IORING_OP_LISTEN</c> (6.11).</summary>
    Listen = 57,
    /// <summary><c>IORING_OP_RECV_ZC</c> (6.15).</summary>
    RecvZc = 58,
    /// <summary><c>IORING_OP_EPOLL_WAIT</c> (6.15).</summary>
    EpollWait = 59,
    /// <summary><c>IORING_OP_READV_FIXED</c> (6.15).</summary>
    ReadvFixed = 60,
    /// <summary><c>IORING_OP_WRITEV_FIXED</c> (6.15).</summary>
    WritevFixed = 61,
    /// <summary><c>IORING_OP_PIPE</c> (6.16).</summary>
    Pipe = 62,
    /// <summary><c>IORING_OP_NOP128</c> (6.19; rejected by 6.18).</summary>
    Nop128 = 63,
    /// <summary><c>IORING_OP_URING_CMD128</c> (6.19; rejected by 6.18).</summary>
    UringCmd128 = 64,
}
