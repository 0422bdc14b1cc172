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
        yield return Case.Completes("PrepareRead: int.MaxValue", Errno.EBADF, env => env.Ring.PrepareRead(env.Tag, int.MaxValue, env.Buffer));
        yield return Case.Completes("PrepareSend: int.MaxValue", Errno.EBADF, env => env.Ring.PrepareSend(env.Tag, int.MaxValue, env.Buffer[..16]));
        yield return Case.Completes("PrepareClose: int.MaxValue", Errno.EBADF, env => env.Ring.PrepareClose(env.Tag, int.MaxValue));
        yield return Case.Completes("PrepareOpenAt directoryFd: int.MaxValue", Errno.EBADF, env => env.Ring.PrepareOpenAt(env.Tag, int.MaxValue, "x", OpenFlags.ReadOnly));
        yield return Case.Completes("PrepareMsgRing targetRingFd: int.MaxValue", Errno.EBADF, env => env.Ring.PrepareMsgRing(env.Tag, int.MaxValue, 1));
        yield return Case.Completes("PrepareRead: int.MinValue", Errno.EBADF, env => env.Ring.PrepareRead(env.Tag, int.MinValue, env.Buffer));

        // A ring may not close its own descriptor through itself.
        yield return Case.Completes("PrepareClose: the ring's own fd", Errno.EBADF, env => env.Ring.PrepareClose(env.Tag, env.Ring.RingFd));

        // Cancelling by a descriptor nothing uses finds nothing.
        yield return Case.Completes("PrepareCancelFd: -1", Errno.EBADF, env => env.Ring.PrepareCancelFd(env.Tag, -1));
        yield return Case.Completes("PrepareCancelFd: a closed fd", Errno.EBADF, env => env.Ring.PrepareCancelFd(env.Tag, env.ClosedFd));
        yield return Case.Completes("PrepareCancelFd: an fd with nothing in flight", Errno.ENOENT, env => env.Ring.PrepareCancelFd(env.Tag, env.PipeRead));
    }

    private static IEnumerable<FdParameter> Parameters()
    {
        // Files and generic descriptors.
        yield return new("PrepareRead", "fd", (e, fd) => e.Ring.PrepareRead(e.Tag, fd, e.Buffer), e => e.Directory, "a directory", Errno.EISDIR);
        yield return new("PrepareWrite", "fd", (e, fd) => e.Ring.PrepareWrite(e.Tag, fd, e.Buffer[..16]), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("PrepareReadv", "fd", (e, fd) => e.Ring.PrepareReadv(e.Tag, fd, e.Vectors), e => e.Directory, "a directory", Errno.EISDIR);
        yield return new("PrepareWritev", "fd", (e, fd) => e.Ring.PrepareWritev(e.Tag, fd, e.Vectors), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("PrepareFsync", "fd", (e, fd) => e.Ring.PrepareFsync(e.Tag, fd), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("PrepareFallocate", "fd", (e, fd) => e.Ring.PrepareFallocate(e.Tag, fd, 0, 4096), e => e.PipeWrite, "a pipe", Errno.ESPIPE);
        yield return new("PrepareFtruncate", "fd", (e, fd) => e.Ring.PrepareFtruncate(e.Tag, fd, 0), e => e.PipeWrite, "a pipe", Errno.EINVAL);
        yield return new("PrepareSyncFileRange", "fd", (e, fd) => e.Ring.PrepareSyncFileRange(e.Tag, fd, 0, 4096, SyncFileRangeFlags.WaitAfter), e => e.PipeWrite, "a pipe", Errno.ESPIPE);
        yield return new("PrepareFadvise", "fd", (e, fd) => e.Ring.PrepareFadvise(e.Tag, fd, 0, 4096, FileAdvice.Sequential), e => e.PipeRead, "a pipe", Errno.ESPIPE);
        yield return new("PrepareFGetXattr", "fd", (e, fd) => e.Ring.PrepareFGetXattr(e.Tag, fd, "user.x", e.Buffer[..64]), e => e.EventFd, "an eventfd", Errno.ENODATA);
        yield return new("PrepareFSetXattr", "fd", (e, fd) => e.Ring.PrepareFSetXattr(e.Tag, fd, "user.x", "v"u8), e => e.EventFd, "an eventfd", Errno.EPERM);
        yield return new("PrepareReadMultishot", "fd", (e, fd) => e.Ring.PrepareReadMultishot(e.Tag, fd, 7), e => e.File, "a regular file", Errno.EBADFD);
        yield return new("PrepareReadBufferSelect", "fd", (e, fd) => e.Ring.PrepareReadBufferSelect(e.Tag, fd, 7), null, "", Errno.None);
        yield return new("PreparePollAdd", "fd", (e, fd) => e.Ring.PreparePollAdd(e.Tag, fd, PollEvents.In), null, "", Errno.None);
        yield return new("PreparePollAddMultishot", "fd", (e, fd) => e.Ring.PreparePollAddMultishot(e.Tag, fd, PollEvents.In), null, "", Errno.None);
        yield return new("PrepareClose", "fd", (e, fd) => e.Ring.PrepareClose(e.Tag, fd), e => e.Other.RingFd, "another ring's fd", Errno.EBADF);
        yield return new("PrepareUringCmd", "fd", (e, fd) => e.Ring.PrepareUringCmd(e.Tag, fd, 0), e => e.PipeRead, "a pipe", Errno.EOPNOTSUPP);
        yield return new("PrepareEpollCtl", "epollFd", (e, fd) => e.Ring.PrepareEpollCtl(e.Tag, fd, EpollOp.Add, e.EventFd, new EpollEvent(PollEvents.In, 1)), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("PrepareEpollCtl", "fd", (e, fd) => e.Ring.PrepareEpollCtl(e.Tag, e.Epoll, EpollOp.Add, fd, new EpollEvent(PollEvents.In, 1)), e => e.File, "a regular file", Errno.EPERM);
        yield return new("PrepareEpollWait", "epollFd", (e, fd) => e.Ring.PrepareEpollWait(e.Tag, fd, e.Events), e => e.PipeRead, "a pipe", Errno.EINVAL);
        yield return new("PrepareSplice", "inputFd", (e, fd) => e.Ring.PrepareSplice(e.Tag, fd, e.PipeWrite, 16), e => e.PipeWrite, "the write end of a pipe", Errno.EBADF);
        yield return new("PrepareSplice", "outputFd", (e, fd) => e.Ring.PrepareSplice(e.Tag, e.PipeRead, fd, 16, flags: SpliceFlags.NonBlock), e => e.PipeRead, "the read end of a pipe", Errno.EBADF);
        yield return new("PrepareTee", "inputFd", (e, fd) => e.Ring.PrepareTee(e.Tag, fd, e.PipeWrite, 16), e => e.File, "a regular file", Errno.EINVAL);
        yield return new("PrepareTee", "outputFd", (e, fd) => e.Ring.PrepareTee(e.Tag, e.PipeRead, fd, 16), e => e.File, "a regular file", Errno.EINVAL);
        yield return new("PrepareMsgRing", "targetRingFd", (e, fd) => e.Ring.PrepareMsgRing(e.Tag, fd, 1), e => e.PipeRead, "a pipe", Errno.EBADFD);
        yield return new("PrepareMsgRingWithFlags", "targetRingFd", (e, fd) => e.Ring.PrepareMsgRingWithFlags(e.Tag, fd, 1, 0, CqeFlags.None), e => e.EventFd, "an eventfd", Errno.EBADFD);
        yield return new("PrepareMsgRingFd(AnySlot)", "targetRingFd", (e, fd) => e.Ring.PrepareMsgRingFd(e.Tag, fd, 0, FileTarget.AnySlot), e => e.PipeRead, "a pipe", Errno.EBADFD);

        // Directory descriptors of the *at ops (a relative path makes the kernel use them).
        yield return new("PrepareOpenAt", "directoryFd", (e, fd) => e.Ring.PrepareOpenAt(e.Tag, fd, "x", OpenFlags.ReadOnly), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareOpenAt2", "directoryFd", (e, fd) => e.Ring.PrepareOpenAt2(e.Tag, fd, "x", new OpenHow(OpenFlags.ReadOnly)), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareStatx", "directoryFd", (e, fd) => e.Ring.PrepareStatx(e.Tag, fd, "x", e.StatxResult), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareMkdirAt", "directoryFd", (e, fd) => e.Ring.PrepareMkdirAt(e.Tag, fd, "x"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareUnlinkAt", "directoryFd", (e, fd) => e.Ring.PrepareUnlinkAt(e.Tag, fd, "x"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareRenameAt", "oldDirectoryFd", (e, fd) => e.Ring.PrepareRenameAt(e.Tag, fd, "x", e.Directory, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareRenameAt", "newDirectoryFd", (e, fd) => e.File >= 0 && e.Ring.PrepareRenameAt(e.Tag, e.Directory, "file", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareLinkAt", "oldDirectoryFd", (e, fd) => e.Ring.PrepareLinkAt(e.Tag, fd, "x", e.Directory, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareLinkAt", "newDirectoryFd", (e, fd) => e.File >= 0 && e.Ring.PrepareLinkAt(e.Tag, e.Directory, "file", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);
        yield return new("PrepareSymlinkAt", "newDirectoryFd", (e, fd) => e.Ring.PrepareSymlinkAt(e.Tag, "target", fd, "y"), e => e.File, "a regular file", Errno.ENOTDIR);

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

        yield return Socket("PrepareSend", (e, fd) => e.Ring.PrepareSend(e.Tag, fd, e.Buffer[..16]));
        yield return Socket("PrepareSendTo", (e, fd) => e.Ring.PrepareSendTo(e.Tag, fd, e.Buffer[..16], SockAddr.IPv4Loopback(9)));
        yield return Socket("PrepareRecv", (e, fd) => e.Ring.PrepareRecv(e.Tag, fd, e.Buffer));
        yield return Socket("PrepareSendMsg", (e, fd) => e.Ring.PrepareSendMsg(e.Tag, fd, new SendMessage(e.Vectors)));
        yield return Socket("PrepareRecvMsg", (e, fd) => e.Ring.PrepareRecvMsg(e.Tag, fd, e.ReceiveHeader));
        yield return Socket("PrepareSendZc", (e, fd) => e.Ring.PrepareSendZc(e.Tag, fd, e.Buffer[..16]));
        yield return Socket("PrepareSendToZc", (e, fd) => e.Ring.PrepareSendToZc(e.Tag, fd, e.Buffer[..16], SockAddr.IPv4Loopback(9)));
        yield return Socket("PrepareSendMsgZc", (e, fd) => e.Ring.PrepareSendMsgZc(e.Tag, fd, new SendMessage(e.Vectors)));
        yield return Socket("PrepareAccept", (e, fd) => e.Ring.PrepareAccept(e.Tag, fd));
        yield return Socket("PrepareAccept(peer)", (e, fd) => e.Ring.PrepareAccept(e.Tag, fd, e.Peer));
        yield return Socket("PrepareAcceptMultishot", (e, fd) => e.Ring.PrepareAcceptMultishot(e.Tag, fd));
        yield return Socket("PrepareConnect", (e, fd) => e.Ring.PrepareConnect(e.Tag, fd, SockAddr.IPv4Loopback(9)));
        yield return Socket("PrepareBind", (e, fd) => e.Ring.PrepareBind(e.Tag, fd, SockAddr.IPv4Loopback(0)));
        yield return Socket("PrepareListen", (e, fd) => e.Ring.PrepareListen(e.Tag, fd));
        yield return Socket("PrepareShutdown", (e, fd) => e.Ring.PrepareShutdown(e.Tag, fd, ShutdownHow.Both));
        yield return Socket("PrepareRecvBufferSelect", (e, fd) => e.Ring.PrepareRecvBufferSelect(e.Tag, fd, 7));
        yield return Socket("PrepareRecvMultishot", (e, fd) => e.Ring.PrepareRecvMultishot(e.Tag, fd, 7));
        yield return Socket("PrepareRecvBundle", (e, fd) => e.Ring.PrepareRecvBundle(e.Tag, fd, 7));
        yield return Socket("PrepareRecvBundleMultishot", (e, fd) => e.Ring.PrepareRecvBundleMultishot(e.Tag, fd, 7));
        yield return SocketCommand("PrepareSocketInQueue", (e, fd) => e.Ring.PrepareSocketInQueue(e.Tag, fd));
        yield return SocketCommand("PrepareSocketOutQueue", (e, fd) => e.Ring.PrepareSocketOutQueue(e.Tag, fd));
        yield return SocketCommand("PrepareGetSocketOption", (e, fd) => e.Ring.PrepareGetSocketOption(e.Tag, fd, 1, 7, e.Buffer[..4]));
        yield return SocketCommand("PrepareSetSocketOption", (e, fd) => e.Ring.PrepareSetSocketOption(e.Tag, fd, 1, 7, e.Buffer[..4]));
    }
}
