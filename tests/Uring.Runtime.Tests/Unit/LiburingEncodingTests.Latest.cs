using System;
using System.IO;

namespace Uring.Tests.Unit;

/// <summary>
/// The C# side of Liburing/liburing_encodings_2_15.c: the same inputs, given to our prep methods. Each case returns the
/// SQE offsets of the pointer fields our encoder stages (a path, a sockaddr, a msghdr, a timespec, an iovec array...),
/// which the comparison masks; every other byte must be liburing's.
/// </summary>
public sealed unsafe partial class LiburingEncodingTests
{
    private const int Addr = 16;
    private const int Addr2 = 8;
    private const int Addr3 = 48;
    private static readonly SockAddr s_address = SockAddr.IPv4Loopback(8080);

    private static Span<byte> At(nint address, int length) => new((void*)address, length);

    private static Span<T> At<T>(nint address, int length)
        where T : unmanaged => new((void*)address, length);

    private static IoVector[] Vectors(int count)
    {
        var vectors = new IoVector[count];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new IoVector((void*)(0x10000 + (i * 0x100)), 0x100);
        }

        return vectors;
    }

    // A value our encoder stages (setxattr's) is copied at prepare time, so it is real memory: the field is masked.
    /// <summary><paramref name="count"/> 256-byte vectors inside buffer <paramref name="index"/> of the ring.</summary>
    private static IoVector[] FixedVectors(Ring ring, int index, int count)
    {
        byte* start = (byte*)SqeEncoding.AddressOf(ring.RegisteredBuffer(index));
        var vectors = new IoVector[count];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new IoVector(start + (i * 256), 256);
        }

        return vectors;
    }

    private static FutexWaitV[] TwoFutexes() =>
        [new FutexWaitV((uint*)0x90000, 1), new FutexWaitV((uint*)0x90004, 2)];

    /// <summary>Prepares a case of liburing-2.15.sqes.txt; false when <paramref name="name"/> is not one of them.</summary>
    private static bool TryPrepareLatest(Ring ring, string name, out bool prepared, out int[] staged)
    {
        ReadOnlySpan<byte> buffer64 = Buffer100[..64];
        int dirFd = FileDescriptors.CurrentDirectory;
        staged = [];
        switch (name)
        {
            case "nop_inject_result": prepared = ring.TryPrepareNop(s_context, NopFlags.InjectResult, -14); break;

            // Reads and writes
            case "readv": prepared = ring.TryPrepareReadv(s_context, 5, Vectors(2), 4096); staged = [Addr]; break;
            case "readv2_hipri": prepared = ring.TryPrepareReadv(s_context, 5, Vectors(2), 0, ReadWriteFlags.HighPriority); staged = [Addr]; break;
            case "writev_current_position": prepared = ring.TryPrepareWritev(s_context, 6, Vectors(3)); staged = [Addr]; break;
            case "writev2_dsync": prepared = ring.TryPrepareWritev(s_context, 6, Vectors(1), 512, ReadWriteFlags.DataSync); staged = [Addr]; break;
            // The buffer's address is inside one of the ring's buffers here and a fake one in the C program: masked.
            case "read_fixed": prepared = ring.TryPrepareReadFixed(s_context, 7, bufferIndex: 2, bufferOffset: 100, length: 4000, fileOffset: 4096); staged = [Addr]; break;
            case "write_fixed": prepared = ring.TryPrepareWriteFixed(s_context, 7, bufferIndex: 1, bufferOffset: 0, length: 512); staged = [Addr]; break;
            case "readv_fixed": prepared = ring.TryPrepareReadvFixed(s_context, 7, 1, FixedVectors(ring, 1, 2), 4096, ReadWriteFlags.HighPriority); staged = [Addr]; break;
            case "writev_fixed": prepared = ring.TryPrepareWritevFixed(s_context, 7, 0, FixedVectors(ring, 0, 3), 0, ReadWriteFlags.DataSync); staged = [Addr]; break;
            case "read_multishot": prepared = ring.TryPrepareReadMultishot(s_context, 5, 0x77); break;
            case "read_buffer_select": prepared = ring.TryPrepareReadBufferSelect(s_context, 5, 0x77, 512, 4096); break;

            // Sockets
            case "send": prepared = ring.TryPrepareSend(s_context, 7, buffer64, MessageFlags.NoSignal); break;
            case "recv_waitall": prepared = ring.TryPrepareRecv(s_context, 7, At(0x10000, 100), MessageFlags.WaitAll); break;
            case "sendto": prepared = ring.TryPrepareSendTo(s_context, 7, buffer64, s_address, MessageFlags.DontWait); staged = [Addr2]; break;
            case "send_zc": prepared = ring.TryPrepareSendZc(s_context, 7, buffer64); break;
            case "send_zc_report_usage": prepared = ring.TryPrepareSendZc(s_context, 7, buffer64, MessageFlags.NoSignal, reportUsage: true); break;
            case "sendto_zc": prepared = ring.TryPrepareSendToZc(s_context, 7, buffer64, s_address); staged = [Addr2]; break;
            case "sendmsg": prepared = ring.TryPrepareSendMsg(s_context, 7, new SendMessage(Vectors(1)), MessageFlags.NoSignal); staged = [Addr]; break;
            case "recvmsg": prepared = ring.TryPrepareRecvMsg(s_context, 7, At<MessageHeader>(0x30000, 1), MessageFlags.Peek); break;
            case "sendmsg_zc": prepared = ring.TryPrepareSendMsgZc(s_context, 7, new SendMessage(Vectors(1))); staged = [Addr]; break;
            case "sendmsg_zc_fixed": prepared = ring.TryPrepareSendMsgZcFixed(s_context, 7, new SendMessage(Vectors(1)), 4); staged = [Addr]; break;
            case "connect": prepared = ring.TryPrepareConnect(s_context, 7, s_address); staged = [Addr]; break;
            case "bind": prepared = ring.TryPrepareBind(s_context, 7, s_address); staged = [Addr]; break;
            case "listen": prepared = ring.TryPrepareListen(s_context, 7, 128); break;
            case "socket_siocinq": prepared = ring.TryPrepareSocketInQueue(s_context, 7); break;
            case "socket_siocoutq": prepared = ring.TryPrepareSocketOutQueue(s_context, 7); break;
            case "getsockopt": prepared = ring.TryPrepareGetSocketOption(s_context, 7, 1 /* SOL_SOCKET */, 8 /* SO_RCVBUF */, At(0xe0000, 4)); break;
            case "setsockopt": prepared = ring.TryPrepareSetSocketOption(s_context, 7, 1 /* SOL_SOCKET */, 7 /* SO_SNDBUF */, At(0xe0000, 4)); break;
            case "getpeername":
                // The prep writes the length word into the SockAddr, so it is real memory: both addresses are masked.
                Span<SockAddr> address = stackalloc SockAddr[1];
                prepared = ring.TryPrepareGetSocketName(s_context, 7, address, peer: true);
                staged = [Addr, Addr3];
                break;
            case "recv_multishot_poll_first": prepared = ring.TryPrepareRecvMultishot(s_context, 11, 3, 0, MessageFlags.DontWait, pollFirst: true); break;

            case "recv_buffer_select": prepared = ring.TryPrepareRecvBufferSelect(s_context, 11, 5, 512, MessageFlags.WaitAll); break;
            case "recv_bundle": prepared = ring.TryPrepareRecvBundle(s_context, 11, 5); break;
            case "recv_bundle_multishot": prepared = ring.TryPrepareRecvBundleMultishot(s_context, 11, 5); break;

            // Files
            case "close": prepared = ring.TryPrepareClose(s_context, 9); break;
            case "fsync": prepared = ring.TryPrepareFsync(s_context, 9); break;
            case "statx":
                prepared = ring.TryPrepareStatx(s_context, dirFd, "p", At<Statx>(0xc0000, 1), StatxMask.BasicStats | StatxMask.BirthTime, AtFlags.SymlinkNoFollow);
                staged = [Addr];
                break;
            case "fallocate": prepared = ring.TryPrepareFallocate(s_context, 9, 4096, 8192, FallocateMode.KeepSize); break;
            case "ftruncate": prepared = ring.TryPrepareFtruncate(s_context, 9, 12345); break;
            case "sync_file_range": prepared = ring.TryPrepareSyncFileRange(s_context, 9, 4096, 8192, SyncFileRangeFlags.Write); break;
            case "fadvise64": prepared = ring.TryPrepareFadvise(s_context, 9, 4096, 8192, FileAdvice.Sequential); break;
            case "madvise64": prepared = ring.TryPrepareMadvise(s_context, 0x100000, 8192, MemoryAdvice.DontNeed); break;
            case "unlinkat": prepared = ring.TryPrepareUnlinkAt(s_context, dirFd, "p", AtFlags.RemoveDir); staged = [Addr]; break;
            case "renameat": prepared = ring.TryPrepareRenameAt(s_context, 3, "p", 4, "q", RenameFlags.NoReplace); staged = [Addr, Addr2]; break;
            case "mkdirat": prepared = ring.TryPrepareMkdirAt(s_context, dirFd, "p", (UnixFileMode)0x1ED); staged = [Addr]; break;
            case "symlinkat": prepared = ring.TryPrepareSymlinkAt(s_context, "p", 5, "q"); staged = [Addr, Addr2]; break;
            case "linkat": prepared = ring.TryPrepareLinkAt(s_context, 3, "p", 4, "q", AtFlags.SymlinkFollow); staged = [Addr, Addr2]; break;
            case "getxattr": prepared = ring.TryPrepareGetXattr(s_context, "p", "n", At(0xf0000, 64)); staged = [Addr, Addr3]; break;
            case "setxattr": prepared = ring.TryPrepareSetXattr(s_context, "p", "n", new byte[64], XattrFlags.Create); staged = [Addr, Addr2, Addr3]; break;
            case "fgetxattr": prepared = ring.TryPrepareFGetXattr(s_context, 9, "n", At(0xf0000, 64)); staged = [Addr]; break;
            case "fsetxattr": prepared = ring.TryPrepareFSetXattr(s_context, 9, "n", new byte[64], XattrFlags.Replace); staged = [Addr, Addr2]; break;
            case "splice": prepared = ring.TryPrepareSplice(s_context, 3, 4, 1000, inputOffset: -1, outputOffset: 100, SpliceFlags.Move); break;
            case "splice_fixed_input": prepared = ring.TryPrepareSplice(s_context, 2, 4, 1000, inputOffset: 4096, outputOffset: -1, SpliceFlags.InputFdFixed | SpliceFlags.More); break;
            case "tee": prepared = ring.TryPrepareTee(s_context, 3, 4, 1000, SpliceFlags.NonBlock); break;
            case "pipe_helper": prepared = ring.TryPreparePipe(s_context, PipeFds, OpenFlags.CloseOnExec); break;
            case "pipe_direct_helper": prepared = ring.TryPreparePipe(s_context, PipeFds, target: FileTarget.Slot(6)); break;
            case "block_discard": prepared = ring.TryPrepareBlockDiscard(s_context, 9, 4096, 8192); break;

            // Poll, timeouts, cancellation
            case "poll_add": prepared = ring.TryPreparePollAdd(s_context, 8, PollEvents.In | PollEvents.Out); break;
            case "poll_multishot_level": prepared = ring.TryPreparePollAddMultishotLevel(s_context, 8, PollEvents.In | PollEvents.ReadHangUp); break;
            case "poll_remove": prepared = ring.TryPreparePollRemove(s_context, 0x55); break;
            case "poll_update": prepared = ring.TryPreparePollUpdate(s_context, 0x55, 0x66, PollEvents.Out, PollFlags.UpdateEvents | PollFlags.UpdateUserData); break;
            case "timeout": prepared = ring.TryPrepareTimeout(s_context, TimeSpan.FromSeconds(1), 3, TimeoutFlags.BootTime); staged = [Addr]; break;
            case "timeout_remove": prepared = ring.TryPrepareTimeoutRemove(s_context, 0x44); break;
            case "link_timeout": prepared = ring.TryPrepareLinkTimeout(s_context, TimeSpan.FromSeconds(1)); staged = [Addr]; break;
            case "cancel": prepared = ring.TryPrepareCancel(s_context, 0x33); break;
            case "cancel_all": prepared = ring.TryPrepareCancel(s_context, 0x33, all: true); break;
            case "cancel_everything": prepared = ring.TryPrepareCancelAll(s_context); break;
            case "cancel_fd_all": prepared = ring.TryPrepareCancelFd(s_context, 12, all: true); break;

            // epoll, registered files and buffers, futexes, waitid, rings
            case "epoll_ctl": prepared = ring.TryPrepareEpollCtl(s_context, 5, EpollOp.Add, 6, new EpollEvent(PollEvents.In, 0x99)); staged = [Addr]; break;
            case "epoll_wait": prepared = ring.TryPrepareEpollWait(s_context, 5, At<EpollEvent>(0x80000, 16)); break;
            case "files_update": prepared = ring.TryPrepareFilesUpdate(s_context, At<int>(0x60000, 4), 2); break;
            case "files_update_alloc": prepared = ring.TryPrepareFilesUpdateAlloc(s_context, At<int>(0x60000, 4)); break;
            case "provide_buffers": prepared = ring.TryPrepareProvideBuffers(s_context, 0x77, At(0x10000, 256 * 8), 256, 8, 3); break;
            case "remove_buffers": prepared = ring.TryPrepareRemoveBuffers(s_context, 0x77, 8); break;
            case "fixed_fd_install": prepared = ring.TryPrepareFixedFdInstall(s_context, 3); break;
            case "fixed_fd_install_no_cloexec": prepared = ring.TryPrepareFixedFdInstall(s_context, 3, FixedFdInstallFlags.NoCloseOnExec); break;
            case "futex_wake": prepared = ring.TryPrepareFutexWake(s_context, At<uint>(0x90000, 1), 1); break;
            case "futex_wait": prepared = ring.TryPrepareFutexWait(s_context, At<uint>(0x90000, 1), 5, FutexFlags.PrivateU32, 0xff); break;
            case "futex_waitv": prepared = ring.TryPrepareFutexWaitV(s_context, TwoFutexes()); staged = [Addr]; break;
            case "waitid": prepared = ring.TryPrepareWaitId(s_context, IdType.Pid, 1234, At<SignalInfo>(0xb0000, 1), WaitOptions.Exited); break;
            case "msg_ring_cqe_flags": prepared = ring.TryPrepareMsgRingWithFlags(s_context, 13, 0x1234, 42, CqeFlags.More); break;
            case "uring_cmd": prepared = ring.TryPrepareUringCmd(s_context, 9, 0x1234); break;
            default:
                prepared = false;
                return false;
        }

        return true;
    }
}
