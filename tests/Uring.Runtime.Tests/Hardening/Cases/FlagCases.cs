using System;
using System.Collections.Generic;
using Uring.Tests.Hardening.Harness;

namespace Uring.Tests.Hardening.Cases;

/// <summary>
/// Flags, modes and enum values outside what the kernel defines, and targets that do not exist (cancel,
/// timeout removal, poll removal of a request that is not there). The runtime passes these through by
/// design (new kernels add flags); the kernel's errno is the specific answer and each case checks it.
/// </summary>
internal static class FlagCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // SQE-level options.
        yield return Case.Completes("OpOptions: undefined SQE flag bit 7", Errno.EINVAL, env => env.Ring.TryPrepareNop(env.Tag, options: new OpOptions { Flags = (SqeFlags)0x80 }));
        yield return Case.Completes("OpOptions: BufferSelect on an op that selects no buffer", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareFsync(env.Tag, env.File, options: new OpOptions { Flags = SqeFlags.BufferSelect }));
        yield return Case.Completes("OpOptions: a personality that was never registered", Errno.EINVAL, env => env.Ring.TryPrepareNop(env.Tag, options: new OpOptions { Personality = 999 }));
        yield return Case.Completes("OpOptions: I/O priority class 7", Errno.EINVAL, env => env.Ring.TryPrepareRead(env.Tag, env.File, env.Buffer, 0, options: new OpOptions { IoPriority = 7 << 13 }));
        yield return Case.Completes("TryPrepareNop: unknown NOP flags", Errno.EINVAL, env => env.Ring.TryPrepareNop(env.Tag, (NopFlags)0x8000));

        // Read/write flags.
        yield return Case.Completes("TryPrepareRead: unknown RWF bit", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareRead(env.Tag, env.File, env.Buffer, 0, (ReadWriteFlags)0x1000_0000));
        yield return Case.Completes("TryPrepareWrite: unknown RWF bit", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareWrite(env.Tag, env.File, env.Buffer[..16], 0, (ReadWriteFlags)0x1000_0000));
        yield return Case.Completes("TryPrepareRead: NoWait on an empty pipe", Errno.EAGAIN, env => env.Ring.TryPrepareRead(env.Tag, env.PipeRead, env.Buffer, flags: ReadWriteFlags.NoWait));

        // Opening files.
        yield return Case.Completes("TryPrepareOpenAt: Directory | Create", Errno.EINVAL, env => env.Ring.TryPrepareOpenAt(env.Tag, env.Directory, "d", OpenFlags.Directory | OpenFlags.Create));
        yield return Case.Completes("TryPrepareOpenAt: Directory on a regular file", Errno.ENOTDIR, env => env.File >= 0 && env.Ring.TryPrepareOpenAt(env.Tag, env.Directory, "file", OpenFlags.Directory));
        yield return Case.Completes("TryPrepareOpenAt: Create | Exclusive on an existing file", Errno.EEXIST, env => env.File >= 0 && env.Ring.TryPrepareOpenAt(env.Tag, env.Directory, "file", OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.WriteOnly));
        yield return Case.Completes("TryPrepareOpenAt2: unknown resolve flag", Errno.EINVAL, env => env.Ring.TryPrepareOpenAt2(env.Tag, -100, "/", new OpenHow(OpenFlags.ReadOnly, resolve: (ResolveFlags)(1UL << 40))));
        yield return Case.Completes("TryPrepareOpenAt2: a mode without Create", Errno.EINVAL, env => env.Ring.TryPrepareOpenAt2(env.Tag, -100, "/", new OpenHow(OpenFlags.ReadOnly, (System.IO.UnixFileMode)0x1A4)));
        yield return Case.Completes("TryPrepareOpenAt2: unknown open flag", Errno.EINVAL, env => env.Ring.TryPrepareOpenAt2(env.Tag, -100, "/", new OpenHow { Flags = 1UL << 40 }));

        // File ops.
        yield return Case.Completes("TryPrepareFallocate: unknown mode", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareFallocate(env.Tag, env.File, 0, 4096, (FallocateMode)0x1000));
        yield return Case.Completes("TryPrepareFadvise: advice 99", Errno.EINVAL, env => env.Ring.TryPrepareFadvise(env.Tag, env.File, 0, 4096, (FileAdvice)99));
        yield return Case.Completes("TryPrepareMadvise: advice 999", Errno.EINVAL, env => env.Ring.TryPrepareMadvise(env.Tag, BufferAddress(env), 4096, (MemoryAdvice)999));
        yield return Case.Completes("TryPrepareSyncFileRange: unknown flags", Errno.EINVAL, env => env.Ring.TryPrepareSyncFileRange(env.Tag, env.File, 0, 16, (SyncFileRangeFlags)0x100));
        yield return Case.Completes("TryPrepareStatx: reserved mask bit", Errno.EINVAL, env => env.Ring.TryPrepareStatx(env.Tag, -100, "/", env.StatxResult, (StatxMask)0x8000_0000));
        yield return Case.Completes("TryPrepareStatx: unknown AT flag", Errno.EINVAL, env => env.Ring.TryPrepareStatx(env.Tag, -100, "/", env.StatxResult, flags: (AtFlags)0x1));
        yield return Case.Completes("TryPrepareUnlinkAt: SymlinkFollow", Errno.EINVAL, env => env.Ring.TryPrepareUnlinkAt(env.Tag, env.Directory, "x", AtFlags.SymlinkFollow));
        yield return Case.Completes("TryPrepareUnlinkAt: a directory without RemoveDir", Errno.EISDIR, env => env.Ring.TryPrepareUnlinkAt(env.Tag, -100, env.TempDirectory));
        yield return Case.Completes("TryPrepareRenameAt: Exchange | NoReplace", Errno.EINVAL, env => env.Ring.TryPrepareRenameAt(env.Tag, env.Directory, "a", env.Directory, "b", RenameFlags.Exchange | RenameFlags.NoReplace));
        yield return Case.Completes("TryPrepareLinkAt: unknown AT flag", Errno.EINVAL, env => env.Ring.TryPrepareLinkAt(env.Tag, env.Directory, "a", env.Directory, "b", (AtFlags)0x1));
        yield return Case.Completes("TryPrepareFSetXattr: unknown flags", Errno.EINVAL, env => env.Ring.TryPrepareFSetXattr(env.Tag, env.File, "user.x", "v"u8, (XattrFlags)4));
        yield return Case.Completes("TryPrepareFSetXattr: Create | Replace of a missing attribute", Errno.ENODATA, env => env.Ring.TryPrepareFSetXattr(env.Tag, env.File, "user.x", "v"u8, XattrFlags.Create | XattrFlags.Replace));
        yield return Case.Completes("TryPrepareSplice: unknown flags", Errno.EINVAL, env => env.Ring.TryPrepareSplice(env.Tag, env.PipeRead, env.File, 16, flags: (SpliceFlags)0x1000));

        // Sockets.
        yield return Case.Completes("TryPrepareSocket: domain 99", Errno.EAFNOSUPPORT, env => env.Ring.TryPrepareSocket(env.Tag, new SocketSpec((SocketDomain)99, SocketKind.Stream)));
        yield return Case.Completes("TryPrepareSocket: kind 99", Errno.EINVAL, env => env.Ring.TryPrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, (SocketKind)99)));
        yield return Case.Completes("TryPrepareSocket: protocol 99 for IPv4 stream", Errno.EPROTONOSUPPORT, env => env.Ring.TryPrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, SocketKind.Stream, (SocketProtocol)99)));
        yield return Case.Completes("TryPrepareSocket: unknown socket flag", Errno.EINVAL, env => env.Ring.TryPrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, SocketKind.Stream | (SocketKind)0x1000_0000)));
        yield return Case.Completes("TryPrepareAccept: unknown accept flags", Errno.EINVAL, env => env.Ring.TryPrepareAccept(env.Tag, env.SocketA, (AcceptFlags)0x1));
        yield return Case.Completes("TryPrepareAccept: a socket that is not listening", Errno.EINVAL, env => env.Ring.TryPrepareAccept(env.Tag, env.SocketA));
        yield return Case.Completes("TryPrepareShutdown: how 99", Errno.EINVAL, env => env.Ring.TryPrepareShutdown(env.Tag, env.SocketA, (ShutdownHow)99));
        yield return Case.Completes("TryPrepareConnect: an address of the wrong family", Errno.EINVAL, env => env.Ring.TryPrepareConnect(env.Tag, env.SocketA, SockAddr.IPv4Loopback(9)));
        yield return Case.Completes("TryPrepareBind: an address of the wrong family", Errno.EINVAL, env => env.Ring.TryPrepareBind(env.Tag, env.SocketA, SockAddr.IPv4Loopback(0)));
        yield return Case.Completes("TryPrepareSetSocketOption: unknown option", Errno.ENOPROTOOPT, env => env.Ring.TryPrepareSetSocketOption(env.Tag, env.SocketA, 1, 9999, env.Buffer[..4]));
        yield return Case.Completes("TryPrepareSetSocketOption: empty value for an int option", Errno.EINVAL, env => env.Ring.TryPrepareSetSocketOption(env.Tag, env.SocketA, 1, 7, ReadOnlySpan<byte>.Empty));
        yield return Case.Completes("TryPrepareUringCmd: unknown socket command", Errno.EOPNOTSUPP, env => env.Ring.TryPrepareUringCmd(env.Tag, env.SocketA, 99));
        yield return Case.Completes("TryPrepareUringCmd: unknown command flags", Errno.EINVAL, env => env.Ring.TryPrepareUringCmd(env.Tag, env.SocketA, 0, flags: (UringCmdFlags)0x8000));

        // Epoll, futex, waitid.
        yield return Case.Completes("TryPrepareEpollCtl: operation 99", Errno.EINVAL, env => env.Ring.TryPrepareEpollCtl(env.Tag, env.Epoll, (EpollOp)99, env.EventFd, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("TryPrepareEpollCtl: Modify an fd never added", Errno.ENOENT, env => env.Ring.TryPrepareEpollCtl(env.Tag, env.Epoll, EpollOp.Modify, env.EventFd, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("TryPrepareEpollCtl: the epoll fd into itself", Errno.EINVAL, env => env.Ring.TryPrepareEpollCtl(env.Tag, env.Epoll, EpollOp.Add, env.Epoll, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("TryPrepareFutexWait: a value that does not match", Errno.EAGAIN, env => env.Ring.TryPrepareFutexWait(env.Tag, env.FutexWord, 1));
        yield return Case.Completes("TryPrepareFutexWait: mask 0", Errno.EINVAL, env => env.Ring.TryPrepareFutexWait(env.Tag, env.FutexWord, 0, mask: 0));
        yield return Case.Completes("TryPrepareFutexWait: an 8-bit futex size", Errno.EINVAL, env => env.Ring.TryPrepareFutexWait(env.Tag, env.FutexWord, 0, FutexFlags.SizeU8));
        yield return Case.Completes("TryPrepareFutexWake: unknown futex flags", Errno.EINVAL, env => env.Ring.TryPrepareFutexWake(env.Tag, env.FutexWord, 1, (FutexFlags)0x1000_0000));
        yield return Case.Completes("TryPrepareWaitId: id type 99", Errno.EINVAL, env => env.Ring.TryPrepareWaitId(env.Tag, (IdType)99, 0, env.SignalInfo));
        yield return Case.Completes("TryPrepareWaitId: no wait options", Errno.EINVAL, env => env.Ring.TryPrepareWaitId(env.Tag, IdType.All, 0, env.SignalInfo, WaitOptions.None));
        yield return Case.Completes("TryPrepareWaitId: a pid that is not a child", Errno.ECHILD, env => env.Ring.TryPrepareWaitId(env.Tag, IdType.Pid, 1, env.SignalInfo, WaitOptions.Exited | WaitOptions.NoHang));

        // Timeouts.
        yield return Case.Completes("TryPrepareTimeout: Absolute | BootTime | RealTime", Errno.EINVAL, env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: TimeoutFlags.Absolute | TimeoutFlags.BootTime | TimeoutFlags.RealTime));
        yield return Case.Completes("TryPrepareTimeout: unknown timeout flag", Errno.EINVAL, env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: (TimeoutFlags)0x8000));
        yield return Case.Completes("TryPrepareTimeout: the Update flag on a new timeout", Errno.EINVAL, env => env.Ring.TryPrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: TimeoutFlags.Update));
        yield return Case.Completes("TryPrepareLinkTimeout: with no request before it", Errno.EINVAL, env => env.Ring.TryPrepareLinkTimeout(env.Tag, TimeSpan.FromSeconds(1)));

        // Targets that do not exist.
        yield return Case.Completes("TryPrepareCancel: a user_data nothing uses", Errno.ENOENT, env => env.Ring.TryPrepareCancel(env.Tag, 0xDEAD));
        yield return Case.Completes("TryPrepareCancelOpcode: an op nothing runs", Errno.ENOENT, env => env.Ring.TryPrepareCancelOpcode(env.Tag, IoUringOp.Read));
        yield return Case.Completes("TryPrepareCancelOpcode: opcode 255", Errno.ENOENT, env => env.Ring.TryPrepareCancelOpcode(env.Tag, (IoUringOp)255));
        yield return Case.Completes("TryPrepareCancelAny: nothing in flight cancels 0", Errno.None, env => env.Ring.TryPrepareCancelAny(env.Tag));
        yield return Case.Completes("TryPrepareTimeoutRemove: a timeout that is not there", Errno.ENOENT, env => env.Ring.TryPrepareTimeoutRemove(env.Tag, 0xDEAD));
        yield return Case.Completes("TryPrepareTimeoutUpdate: a timeout that is not there", Errno.ENOENT, env => env.Ring.TryPrepareTimeoutUpdate(env.Tag, 0xDEAD, TimeSpan.FromSeconds(1)));
        yield return Case.Completes("TryPrepareLinkTimeoutUpdate: a link timeout that is not there", Errno.ENOENT, env => env.Ring.TryPrepareLinkTimeoutUpdate(env.Tag, 0xDEAD, TimeSpan.FromSeconds(1)));
        yield return Case.Completes("TryPreparePollRemove: a poll that is not there", Errno.ENOENT, env => env.Ring.TryPreparePollRemove(env.Tag, 0xDEAD));
        yield return Case.Completes("TryPreparePollUpdate: a poll that is not there", Errno.ENOENT, env => env.Ring.TryPreparePollUpdate(env.Tag, 0xDEAD, 0xBEEF, PollEvents.In, PollFlags.UpdateEvents | PollFlags.UpdateUserData));
        yield return Case.Completes("TryPreparePollUpdate: a new user_data without UpdateUserData", Errno.EINVAL, env => env.Ring.TryPreparePollUpdate(env.Tag, 0xDEAD, 0xBEEF, PollEvents.In, PollFlags.UpdateEvents));
        // A ring that was stopped leaves a number that is not open (EBADF, the int.MaxValue case in FdCases) until the
        // process opens another file on it (EBADFD, the pipe and eventfd cases there). Which one a test sees depends on
        // what other threads open meanwhile (CI saw both), so the stopped ring itself is not a case of its own.
    }

    private static unsafe nint BufferAddress(CaseEnv env) => (nint)env.BufferPointer;
}
