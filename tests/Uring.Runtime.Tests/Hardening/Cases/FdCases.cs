using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Every op that takes a descriptor, given one that cannot work: -1, a number that was just closed, and a
/// descriptor of the wrong kind (a pipe where a socket is needed, a file where a directory is needed, ...).
/// The kernel's answer is the right one here, so each case checks the exact errno of the completion.
/// </summary>
internal static class FdCases
{
    private const int Relative = 0;

    /// <summary>One descriptor parameter of one op, and the wrong kind of descriptor for it with its errno.</summary>
    private sealed record FdParameter(string Op, string Parameter, Func<CaseEnv, int, bool> Prepare, Func<CaseEnv, int>? WrongKind, string WrongKindName, Errno WrongKindErrno);

    public static IEnumerable<BadInputCase> All()
    {
        foreach (FdParameter p in Parameters())
        {
            string at = p.Parameter == "fd" ? p.Op : $"{p.Op} {p.Parameter}";
            yield return Case.Completes($"{at}: -1", Errno.EBADF, env => p.Prepare(env, -1));
            yield return Case.Completes($"{at}: a closed fd", Errno.EBADF, env => p.Prepare(env, env.ClosedFd));
            if (p.WrongKind is { } wrongKind)
            {
                yield return Case.Completes($"{at}: {p.WrongKindName}", p.WrongKindErrno, env => p.Prepare(env, wrongKind(env)));
            }
        }

        // int.MaxValue does not fit the 30 fd bits of a Direct context; with a Value context it reaches the kernel intact.
        yield return Case.Completes("TryPrepareRead: int.MaxValue", Errno.EBADF, env => env.Ring.TryPrepareRead(env.Tag, int.MaxValue, env.Buffer));
        yield return Case.Completes("TryPrepareSend: int.MaxValue", Errno.EBADF, env => env.Ring.TryPrepareSend(env.Tag, int.MaxValue, env.Buffer[..16]));
        yield return Case.Completes("TryPrepareClose: int.MaxValue", Errno.EBADF, env => env.Ring.TryPrepareClose(env.Tag, int.MaxValue));
        yield return Case.Completes("TryPrepareOpenAt directoryFd: int.MaxValue", Errno.EBADF, env => env.Ring.TryPrepareOpenAt(env.Tag, int.MaxValue, "x", OpenFlags.ReadOnly));
        yield return Case.Completes("TryPrepareMsgRing targetRingFd: int.MaxValue", Errno.EBADF, env => env.Ring.TryPrepareMsgRing(env.Tag, int.MaxValue, 1));
        yield return Case.Completes("TryPrepareRead: int.MinValue", Errno.EBADF, env => env.Ring.TryPrepareRead(env.Tag, int.MinValue, env.Buffer));

        // A ring may not close its own descriptor through itself.
        yield return Case.Completes("TryPrepareClose: the ring's own fd", Errno.EBADF, env => env.Ring.TryPrepareClose(env.Tag, env.Ring.RingFd));

        // Cancelling by a descriptor nothing uses finds nothing.
        yield return Case.Completes("TryPrepareCancelFd: -1", Errno.EBADF, env => env.Ring.TryPrepareCancelFd(env.Tag, -1));
        yield return Case.Completes("TryPrepareCancelFd: a closed fd", Errno.EBADF, env => env.Ring.TryPrepareCancelFd(env.Tag, env.ClosedFd));
        yield return Case.Completes("TryPrepareCancelFd: an fd with nothing in flight", Errno.ENOENT, env => env.Ring.TryPrepareCancelFd(env.Tag, env.PipeRead));
    }

    private static IEnumerable<FdParameter> Parameters()
    {
        // Files and generic descriptors.
        yield return new("TryPrepareRead", "fd", (e, fd) => e.Ring.TryPrepareRead(e.Tag, fd, e.Buffer), e => e.Directory, "a directory", Errno.EISDIR);
        yield return new("TryPrepareWrite", "fd", (e, fd) => e.Ring.TryPrepareWrite(e.Tag, fd, e.Buffer[..16]), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("TryPrepareReadv", "fd", (e, fd) => e.Ring.TryPrepareReadv(e.Tag, fd, e.Vectors), e => e.Directory, "a directory", Errno.EISDIR);
        yield return new("TryPrepareWritev", "fd", (e, fd) => e.Ring.TryPrepareWritev(e.Tag, fd, e.Vectors), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("TryPrepareFsync", "fd", (e, fd) => e.Ring.TryPrepareFsync(e.Tag, fd), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("TryPrepareFallocate", "fd", (e, fd) => e.Ring.TryPrepareFallocate(e.Tag, fd, 0, 4096), e => e.PipeWrite, "a pipe", Errno.ESPIPE);
        yield return new("TryPrepareFtruncate", "fd", (e, fd) => e.Ring.TryPrepareFtruncate(e.Tag, fd, 0), e => e.PipeWrite, "a pipe", Errno.EINVAL);
        yield return new("TryPrepareSyncFileRange", "fd", (e, fd) => e.Ring.TryPrepareSyncFileRange(e.Tag, fd, 0, 4096, SyncFileRangeFlags.WaitAfter), e => e.PipeWrite, "a pipe", Errno.ESPIPE);
        yield return new("TryPrepareFadvise", "fd", (e, fd) => e.Ring.TryPrepareFadvise(e.Tag, fd, 0, 4096, FileAdvice.Sequential), e => e.PipeRead, "a pipe", Errno.ESPIPE);
        yield return new("TryPrepareFGetXattr", "fd", (e, fd) => e.Ring.TryPrepareFGetXattr(e.Tag, fd, "user.x", e.Buffer[..64]), e => e.EventFd, "an eventfd", Errno.ENODATA);
        yield return new("TryPrepareFSetXattr", "fd", (e, fd) => e.Ring.TryPrepareFSetXattr(e.Tag, fd, "user.x", "v"u8), e => e.EventFd, "an eventfd", Errno.EPERM);
        yield return new("TryPrepareReadMultishot", "fd", (e, fd) => e.Ring.TryPrepareReadMultishot(e.Tag, fd, 7), e => e.File, "a regular file", Errno.EBADFD);
        yield return new("TryPrepareReadBufferSelect", "fd", (e, fd) => e.Ring.TryPrepareReadBufferSelect(e.Tag, fd, 7), null, "", Errno.None);
        yield return new("TryPreparePollAdd", "fd", (e, fd) => e.Ring.TryPreparePollAdd(e.Tag, fd, PollEvents.In), null, "", Errno.None);
        yield return new("TryPreparePollAddMultishot", "fd", (e, fd) => e.Ring.TryPreparePollAddMultishot(e.Tag, fd, PollEvents.In), null, "", Errno.None);
        yield return new("TryPrepareClose", "fd", (e, fd) => e.Ring.TryPrepareClose(e.Tag, fd), e => e.Other.RingFd, "another ring's fd", Errno.EBADF);
        yield return new("TryPrepareUringCmd", "fd", (e, fd) => e.Ring.TryPrepareUringCmd(e.Tag, fd, 0), e => e.PipeRead, "a pipe", Errno.EOPNOTSUPP);
        yield return new("TryPrepareEpollCtl", "epollFd", (e, fd) => e.Ring.TryPrepareEpollCtl(e.Tag, fd, EpollOp.Add, e.EventFd, new EpollEvent(PollEvents.In, 1)), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("TryPrepareEpollCtl", "fd", (e, fd) => e.Ring.TryPrepareEpollCtl(e.Tag, e.Epoll, EpollOp.Add, fd, new EpollEvent(PollEvents.In, 1)), e => e.File, "a regular file", Errno.EPERM);
        yield return new("TryPrepareEpollWait", "epollFd", (e, fd) => e.Ring.TryPrepareEpollWait(e.Tag, fd, e.Events), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("TryPrepareSplice", "inputFd", (e, fd) => e.Ring.TryPrepareSplice(e.Tag, fd, e.PipeWrite, 16), e => e.PipeWrite, "the write end of a pipe", Errno.EBADF);
        yield return new("TryPrepareSplice", "outputFd", (e, fd) => e.Ring.TryPrepareSplice(e.Tag, e.PipeRead, fd, 16, flags: SpliceFlags.NonBlock), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("TryPrepareTee", "inputFd", (e, fd) => e.Ring.TryPrepareTee(e.Tag, fd, e.PipeWrite, 16), e => e.File, "a regular file", Errno.EINVAL);
        yield return new("TryPrepareTee", "outputFd", (e, fd) => e.Ring.TryPrepareTee(e.Tag, e.PipeRead, fd, 16), e => e.File, "a regular file", Errno.EINVAL);
        yield return new("TryPrepareMsgRing", "targetRingFd", (e, fd) => e.Ring.TryPrepareMsgRing(e.Tag, fd, 1), e => e.PipeRead, "a pipe", Errno.EBADFD);
        yield return new("TryPrepareMsgRingWithFlags", "targetRingFd", (e, fd) => e.Ring.TryPrepareMsgRingWithFlags(e.Tag, fd, 1, 0, CqeFlags.None), e => e.EventFd, "an eventfd", Errno.EBADFD);
        yield return new("TryPrepareMsgRingFd(AnySlot)", "targetRingFd", (e, fd) => e.Ring.TryPrepareMsgRingFd(e.Tag, fd, 0, FileTarget.AnySlot), e => e.PipeRead, "a pipe", Errno.EBADFD);

        // Directory descriptors of the *at ops (a relative path makes the kernel use them).
        yield return new("TryPrepareOpenAt", "directoryFd", (e, fd) => e.Ring.TryPrepareOpenAt(e.Tag, fd, "x", OpenFlags.ReadOnly), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareOpenAt2", "directoryFd", (e, fd) => e.Ring.TryPrepareOpenAt2(e.Tag, fd, "x", new OpenHow(OpenFlags.ReadOnly)), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareStatx", "directoryFd", (e, fd) => e.Ring.TryPrepareStatx(e.Tag, fd, "x", e.StatxResult), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareMkdirAt", "directoryFd", (e, fd) => e.Ring.TryPrepareMkdirAt(e.Tag, fd, "x"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareUnlinkAt", "directoryFd", (e, fd) => e.Ring.TryPrepareUnlinkAt(e.Tag, fd, "x"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareRenameAt", "oldDirectoryFd", (e, fd) => e.Ring.TryPrepareRenameAt(e.Tag, fd, "x", e.Directory, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareRenameAt", "newDirectoryFd", (e, fd) => e.File >= 0 && e.Ring.TryPrepareRenameAt(e.Tag, e.Directory, "file", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareLinkAt", "oldDirectoryFd", (e, fd) => e.Ring.TryPrepareLinkAt(e.Tag, fd, "x", e.Directory, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareLinkAt", "newDirectoryFd", (e, fd) => e.File >= 0 && e.Ring.TryPrepareLinkAt(e.Tag, e.Directory, "file", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("TryPrepareSymlinkAt", "newDirectoryFd", (e, fd) => e.Ring.TryPrepareSymlinkAt(e.Tag, "target", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);

        // Sockets: a pipe is not one.
        foreach (FdParameter socket in SocketParameters())
        {
            yield return socket;
        }
    }

    private static IEnumerable<FdParameter> SocketParameters()
    {
        static FdParameter Socket(string op, Func<CaseEnv, int, bool> prepare) => new(op, "fd", prepare, e => e.PipeRead, "a pipe", Errno.ENOTSOCK);

        // The socket URING_CMDs reach the file's uring_cmd handler, which a pipe does not have.
        static FdParameter SocketCommand(string op, Func<CaseEnv, int, bool> prepare) => new(op, "fd", prepare, e => e.PipeRead, "a pipe", Errno.EOPNOTSUPP);

        yield return Socket("TryPrepareSend", (e, fd) => e.Ring.TryPrepareSend(e.Tag, fd, e.Buffer[..16]));
        yield return Socket("TryPrepareSendTo", (e, fd) => e.Ring.TryPrepareSendTo(e.Tag, fd, e.Buffer[..16], SockAddr.IPv4Loopback(9)));
        yield return Socket("TryPrepareRecv", (e, fd) => e.Ring.TryPrepareRecv(e.Tag, fd, e.Buffer));
        yield return Socket("TryPrepareSendMsg", (e, fd) => e.Ring.TryPrepareSendMsg(e.Tag, fd, new SendMessage(e.Vectors)));
        yield return Socket("TryPrepareRecvMsg", (e, fd) => e.Ring.TryPrepareRecvMsg(e.Tag, fd, e.ReceiveHeader));
        yield return Socket("TryPrepareSendZc", (e, fd) => e.Ring.TryPrepareSendZc(e.Tag, fd, e.Buffer[..16]));
        yield return Socket("TryPrepareSendToZc", (e, fd) => e.Ring.TryPrepareSendToZc(e.Tag, fd, e.Buffer[..16], SockAddr.IPv4Loopback(9)));
        yield return Socket("TryPrepareSendMsgZc", (e, fd) => e.Ring.TryPrepareSendMsgZc(e.Tag, fd, new SendMessage(e.Vectors)));
        yield return Socket("TryPrepareAccept", (e, fd) => e.Ring.TryPrepareAccept(e.Tag, fd));
        yield return Socket("TryPrepareAccept(peer)", (e, fd) => e.Ring.TryPrepareAccept(e.Tag, fd, e.Peer));
        yield return Socket("TryPrepareAcceptMultishot", (e, fd) => e.Ring.TryPrepareAcceptMultishot(e.Tag, fd));
        yield return Socket("TryPrepareConnect", (e, fd) => e.Ring.TryPrepareConnect(e.Tag, fd, SockAddr.IPv4Loopback(9)));
        yield return Socket("TryPrepareBind", (e, fd) => e.Ring.TryPrepareBind(e.Tag, fd, SockAddr.IPv4Loopback(0)));
        yield return Socket("TryPrepareListen", (e, fd) => e.Ring.TryPrepareListen(e.Tag, fd));
        yield return Socket("TryPrepareShutdown", (e, fd) => e.Ring.TryPrepareShutdown(e.Tag, fd, ShutdownHow.Both));
        yield return Socket("TryPrepareRecvBufferSelect", (e, fd) => e.Ring.TryPrepareRecvBufferSelect(e.Tag, fd, 7));
        yield return Socket("TryPrepareRecvMultishot", (e, fd) => e.Ring.TryPrepareRecvMultishot(e.Tag, fd, 7));
        yield return Socket("TryPrepareRecvBundle", (e, fd) => e.Ring.TryPrepareRecvBundle(e.Tag, fd, 7));
        yield return Socket("TryPrepareRecvBundleMultishot", (e, fd) => e.Ring.TryPrepareRecvBundleMultishot(e.Tag, fd, 7));
        yield return SocketCommand("TryPrepareSocketInQueue", (e, fd) => e.Ring.TryPrepareSocketInQueue(e.Tag, fd));
        yield return SocketCommand("TryPrepareSocketOutQueue", (e, fd) => e.Ring.TryPrepareSocketOutQueue(e.Tag, fd));
        yield return SocketCommand("TryPrepareGetSocketOption", (e, fd) => e.Ring.TryPrepareGetSocketOption(e.Tag, fd, 1, 7, e.Buffer[..4]));
        yield return SocketCommand("TryPrepareSetSocketOption", (e, fd) => e.Ring.TryPrepareSetSocketOption(e.Tag, fd, 1, 7, e.Buffer[..4]));
    }
}
