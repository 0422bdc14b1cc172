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
        yield return Case.Completes("OpOptions: undefined SQE flag bit 7", Errno.EINVAL, env => env.Ring.PrepareNop(env.Tag, options: new OpOptions { Flags = (SqeFlags)0x80 }));
        yield return Case.Completes("OpOptions: BufferSelect on an op that selects no buffer", Errno.EOPNOTSUPP, env => env.Ring.PrepareFsync(env.Tag, env.File, options: new OpOptions { Flags = SqeFlags.BufferSelect }));
        yield return Case.Completes("OpOptions: a personality that was never registered", Errno.EINVAL, env => env.Ring.PrepareNop(env.Tag, options: new OpOptions { Personality = 999 }));
        yield return Case.Completes("OpOptions: I/O priority class 7", Errno.EINVAL, env => env.Ring.PrepareRead(env.Tag, env.File, env.Buffer, 0, options: new OpOptions { IoPriority = 7 << 13 }));
        yield return Case.Completes("PrepareNop: unknown NOP flags", Errno.EINVAL, env => env.Ring.PrepareNop(env.Tag, (NopFlags)0x8000));

        // Read/write flags.
        yield return Case.Completes("PrepareRead: unknown RWF bit", Errno.EOPNOTSUPP, env => env.Ring.PrepareRead(env.Tag, env.File, env.Buffer, 0, (ReadWriteFlags)0x1000_0000));
        yield return Case.Completes("PrepareWrite: unknown RWF bit", Errno.EOPNOTSUPP, env => env.Ring.PrepareWrite(env.Tag, env.File, env.Buffer[..16], 0, (ReadWriteFlags)0x1000_0000));
        yield return Case.Completes("PrepareRead: NoWait on an empty pipe", Errno.EAGAIN, env => env.Ring.PrepareRead(env.Tag, env.PipeRead, env.Buffer, flags: ReadWriteFlags.NoWait));

        // Opening files.
        yield return Case.Completes("PrepareOpenAt: Directory | Create", Errno.EINVAL, env => env.Ring.PrepareOpenAt(env.Tag, env.Directory, "d", OpenFlags.Directory | OpenFlags.Create));
        yield return Case.Completes("PrepareOpenAt: Directory on a regular file", Errno.ENOTDIR, env => env.File >= 0 && env.Ring.PrepareOpenAt(env.Tag, env.Directory, "file", OpenFlags.Directory));
        yield return Case.Completes("PrepareOpenAt: Create | Exclusive on an existing file", Errno.EEXIST, env => env.File >= 0 && env.Ring.PrepareOpenAt(env.Tag, env.Directory, "file", OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.WriteOnly));
        yield return Case.Completes("PrepareOpenAt2: unknown resolve flag", Errno.EINVAL, env => env.Ring.PrepareOpenAt2(env.Tag, -100, "/", new OpenHow(OpenFlags.ReadOnly, resolve: (ResolveFlags)(1UL << 40))));
        yield return Case.Completes("PrepareOpenAt2: a mode without Create", Errno.EINVAL, env => env.Ring.PrepareOpenAt2(env.Tag, -100, "/", new OpenHow(OpenFlags.ReadOnly, (System.IO.UnixFileMode)0x1A4)));
        yield return Case.Completes("PrepareOpenAt2: unknown open flag", Errno.EINVAL, env => env.Ring.PrepareOpenAt2(env.Tag, -100, "/", new OpenHow { Flags = 1UL << 40 }));

        // File ops.
        yield return Case.Completes("PrepareFallocate: unknown mode", Errno.EOPNOTSUPP, env => env.Ring.PrepareFallocate(env.Tag, env.File, 0, 4096, (FallocateMode)0x1000));
        yield return Case.Completes("PrepareFadvise: advice 99", Errno.EINVAL, env => env.Ring.PrepareFadvise(env.Tag, env.File, 0, 4096, (FileAdvice)99));
        yield return Case.Completes("PrepareMadvise: advice 999", Errno.EINVAL, env => env.Ring.PrepareMadvise(env.Tag, BufferAddress(env), 4096, (MemoryAdvice)999));
        yield return Case.Completes("PrepareSyncFileRange: unknown flags", Errno.EINVAL, env => env.Ring.PrepareSyncFileRange(env.Tag, env.File, 0, 16, (SyncFileRangeFlags)0x100));
        yield return Case.Completes("PrepareStatx: reserved mask bit", Errno.EINVAL, env => env.Ring.PrepareStatx(env.Tag, -100, "/", env.StatxResult, (StatxMask)0x8000_0000));
        yield return Case.Completes("PrepareStatx: unknown AT flag", Errno.EINVAL, env => env.Ring.PrepareStatx(env.Tag, -100, "/", env.StatxResult, flags: (AtFlags)0x1));
        yield return Case.Completes("PrepareUnlinkAt: SymlinkFollow", Errno.EINVAL, env => env.Ring.PrepareUnlinkAt(env.Tag, env.Directory, "x", AtFlags.SymlinkFollow));
        yield return Case.Completes("PrepareUnlinkAt: a directory without RemoveDir", Errno.EISDIR, env => env.Ring.PrepareUnlinkAt(env.Tag, -100, env.TempDirectory));
        yield return Case.Completes("PrepareRenameAt: Exchange | NoReplace", Errno.EINVAL, env => env.Ring.PrepareRenameAt(env.Tag, env.Directory, "a", env.Directory, "b", RenameFlags.Exchange | RenameFlags.NoReplace));
        yield return Case.Completes("PrepareLinkAt: unknown AT flag", Errno.EINVAL, env => env.Ring.PrepareLinkAt(env.Tag, env.Directory, "a", env.Directory, "b", (AtFlags)0x1));
        yield return Case.Completes("PrepareFSetXattr: unknown flags", Errno.EINVAL, env => env.Ring.PrepareFSetXattr(env.Tag, env.File, "user.x", "v"u8, (XattrFlags)4));
        yield return Case.Completes("PrepareFSetXattr: Create | Replace of a missing attribute", Errno.ENODATA, env => env.Ring.PrepareFSetXattr(env.Tag, env.File, "user.x", "v"u8, XattrFlags.Create | XattrFlags.Replace));
        yield return Case.Completes("PrepareSplice: unknown flags", Errno.EINVAL, env => env.Ring.PrepareSplice(env.Tag, env.PipeRead, env.File, 16, flags: (SpliceFlags)0x1000));

        // Sockets.
        yield return Case.Completes("PrepareSocket: domain 99", Errno.EAFNOSUPPORT, env => env.Ring.PrepareSocket(env.Tag, new SocketSpec((SocketDomain)99, SocketKind.Stream)));
        yield return Case.Completes("PrepareSocket: kind 99", Errno.EINVAL, env => env.Ring.PrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, (SocketKind)99)));
        yield return Case.Completes("PrepareSocket: protocol 99 for IPv4 stream", Errno.EPROTONOSUPPORT, env => env.Ring.PrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, SocketKind.Stream, (SocketProtocol)99)));
        yield return Case.Completes("PrepareSocket: unknown socket flag", Errno.EINVAL, env => env.Ring.PrepareSocket(env.Tag, new SocketSpec(SocketDomain.IPv4, SocketKind.Stream | (SocketKind)0x1000_0000)));
        yield return Case.Completes("PrepareAccept: unknown accept flags", Errno.EINVAL, env => env.Ring.PrepareAccept(env.Tag, env.SocketA, (AcceptFlags)0x1));
        yield return Case.Completes("PrepareAccept: a socket that is not listening", Errno.EINVAL, env => env.Ring.PrepareAccept(env.Tag, env.SocketA));
        yield return Case.Completes("PrepareShutdown: how 99", Errno.EINVAL, env => env.Ring.PrepareShutdown(env.Tag, env.SocketA, (ShutdownHow)99));
        yield return Case.Completes("PrepareConnect: an address of the wrong family", Errno.EINVAL, env => env.Ring.PrepareConnect(env.Tag, env.SocketA, SockAddr.IPv4Loopback(9)));
        yield return Case.Completes("PrepareBind: an address of the wrong family", Errno.EINVAL, env => env.Ring.PrepareBind(env.Tag, env.SocketA, SockAddr.IPv4Loopback(0)));
        yield return Case.Completes("PrepareSetSocketOption: unknown option", Errno.ENOPROTOOPT, env => env.Ring.PrepareSetSocketOption(env.Tag, env.SocketA, 1, 9999, env.Buffer[..4]));
        yield return Case.Completes("PrepareSetSocketOption: empty value for an int option", Errno.EINVAL, env => env.Ring.PrepareSetSocketOption(env.Tag, env.SocketA, 1, 7, ReadOnlySpan<byte>.Empty));
        yield return Case.Completes("PrepareUringCmd: unknown socket command", Errno.EOPNOTSUPP, env => env.Ring.PrepareUringCmd(env.Tag, env.SocketA, 99));
        yield return Case.Completes("PrepareUringCmd: unknown command flags", Errno.EINVAL, env => env.Ring.PrepareUringCmd(env.Tag, env.SocketA, 0, flags: (UringCmdFlags)0x8000));

        // Epoll, futex, waitid.
        yield return Case.Completes("PrepareEpollCtl: operation 99", Errno.EINVAL, env => env.Ring.PrepareEpollCtl(env.Tag, env.Epoll, (EpollOp)99, env.EventFd, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("PrepareEpollCtl: Modify an fd never added", Errno.ENOENT, env => env.Ring.PrepareEpollCtl(env.Tag, env.Epoll, EpollOp.Modify, env.EventFd, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("PrepareEpollCtl: the epoll fd into itself", Errno.EINVAL, env => env.Ring.PrepareEpollCtl(env.Tag, env.Epoll, EpollOp.Add, env.Epoll, new EpollEvent(PollEvents.In, 1)));
        yield return Case.Completes("PrepareFutexWait: a value that does not match", Errno.EAGAIN, env => env.Ring.PrepareFutexWait(env.Tag, env.FutexWord, 1));
        yield return Case.Completes("PrepareFutexWait: mask 0", Errno.EINVAL, env => env.Ring.PrepareFutexWait(env.Tag, env.FutexWord, 0, mask: 0));
        yield return Case.Completes("PrepareFutexWait: an 8-bit futex size", Errno.EINVAL, env => env.Ring.PrepareFutexWait(env.Tag, env.FutexWord, 0, FutexFlags.SizeU8));
        yield return Case.Completes("PrepareFutexWake: unknown futex flags", Errno.EINVAL, env => env.Ring.PrepareFutexWake(env.Tag, env.FutexWord, 1, (FutexFlags)0x1000_0000));
        yield return Case.Completes("PrepareWaitId: id type 99", Errno.EINVAL, env => env.Ring.PrepareWaitId(env.Tag, (IdType)99, 0, env.SignalInfo));
        yield return Case.Completes("PrepareWaitId: no wait options", Errno.EINVAL, env => env.Ring.PrepareWaitId(env.Tag, IdType.All, 0, env.SignalInfo, WaitOptions.None));
        yield return Case.Completes("PrepareWaitId: a pid that is not a child", Errno.ECHILD, env => env.Ring.PrepareWaitId(env.Tag, IdType.Pid, 1, env.SignalInfo, WaitOptions.Exited | WaitOptions.NoHang));

        // Timeouts.
        yield return Case.Completes("PrepareTimeout: Absolute | BootTime | RealTime", Errno.EINVAL, env => env.Ring.PrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: TimeoutFlags.Absolute | TimeoutFlags.BootTime | TimeoutFlags.RealTime));
        yield return Case.Completes("PrepareTimeout: unknown timeout flag", Errno.EINVAL, env => env.Ring.PrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: (TimeoutFlags)0x8000));
        yield return Case.Completes("PrepareTimeout: the Update flag on a new timeout", Errno.EINVAL, env => env.Ring.PrepareTimeout(env.Tag, TimeSpan.FromSeconds(1), flags: TimeoutFlags.Update));
        yield return Case.Completes("PrepareLinkTimeout: with no request before it", Errno.EINVAL, env => env.Ring.PrepareLinkTimeout(env.Tag, TimeSpan.FromSeconds(1)));

        // Targets that do not exist.
        yield return Case.Completes("PrepareCancel: a user_data nothing uses", Errno.ENOENT, env => env.Ring.PrepareCancel(env.Tag, 0xDEAD));
        yield return Case.Completes("PrepareCancelOpcode: an op nothing runs", Errno.ENOENT, env => env.Ring.PrepareCancelOpcode(env.Tag, IoUringOp.Read));
        yield return Case.Completes("PrepareCancelOpcode: opcode 255", Errno.ENOENT, env => env.Ring.PrepareCancelOpcode(env.Tag, (IoUringOp)255));
        yield return Case.Completes("PrepareCancelAny: nothing in flight cancels 0", Errno.None, env => env.Ring.PrepareCancelAny(env.Tag));
        yield return Case.Completes("PrepareTimeoutRemove: a timeout that is not there", Errno.ENOENT, env => env.Ring.PrepareTimeoutRemove(env.Tag, 0xDEAD));
        yield return Case.Completes("PrepareTimeoutUpdate: a timeout that is not there", Errno.ENOENT, env => env.Ring.PrepareTimeoutUpdate(env.Tag, 0xDEAD, TimeSpan.FromSeconds(1)));
        yield return Case.Completes("PrepareLinkTimeoutUpdate: a link timeout that is not there", Errno.ENOENT, env => env.Ring.PrepareLinkTimeoutUpdate(env.Tag, 0xDEAD, TimeSpan.FromSeconds(1)));
        yield return Case.Completes("PreparePollRemove: a poll that is not there", Errno.ENOENT, env => env.Ring.PreparePollRemove(env.Tag, 0xDEAD));
        yield return Case.Completes("PreparePollUpdate: a poll that is not there", Errno.ENOENT, env => env.Ring.PreparePollUpdate(env.Tag, 0xDEAD, 0xBEEF, PollEvents.In, PollFlags.UpdateEvents | PollFlags.UpdateUserData));
        yield return Case.Completes("PreparePollUpdate: a new user_data without UpdateUserData", Errno.EINVAL, env => env.Ring.PreparePollUpdate(env.Tag, 0xDEAD, 0xBEEF, PollEvents.In, PollFlags.UpdateEvents));
        yield return Case.Completes("PrepareMsgRing: to a ring that was stopped", Errno.EBADF, env => env.Ring.PrepareMsgRing(env.Tag, ClosedRingFd(env), 1));
    }

    private static unsafe nint BufferAddress(CaseEnv env) => (nint)env.BufferPointer;

    /// <summary>The number the fd of a stopped ring had: closed now.</summary>
    private static int ClosedRingFd(CaseEnv env)
    {
        Ring ring = CaseEnv.StartedRing(new RingOptions { Entries = 8 });
        int fd = ring.RingFd;
        ring.Stop();
        return fd;
    }
}
