using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// Our encoder against liburing's, byte for byte: Liburing/liburing-2.3.sqes.txt holds what liburing 2.3's prep
/// helpers write for the same inputs (produced by Liburing/liburing_encodings.c; see its header), so this test needs
/// no C toolchain. Masked: user_data (covered by the SqeContext tests) and the pointer fields our encoder stages
/// (the staged bytes are checked by the golden tests).
/// </summary>
public sealed unsafe partial class LiburingEncodingTests : IDisposable
{
    private const int UserDataOffset = 32;
    private static readonly SqeContext s_context = SqeContext.FromValue(1);
    private static readonly SocketSpec s_tcp4 = new(SocketDomain.IPv4, SocketKind.Stream, SocketProtocol.Tcp);
    private static ReadOnlySpan<byte> Buffer100 => new((void*)0x10000, 100);

    /// <summary>The fake address liburing_encodings.c gives the pipe's int[2] (the encoder only stores it).</summary>
    private static Span<PipeDescriptors> PipeFds => new((void*)0x60000, 1);
    /// <summary>
    /// Cases that copy command bytes into the SQE (the generator's rule, OpEmitter.HasPlainFill: command bytes go through
    /// the slot like staged data), so they reserve a slot on every ring although no pointer field is staged.
    /// </summary>
    private static readonly HashSet<string> s_commandBytes = ["uring_cmd"];

    private readonly Ring _ring = DetachedRings.Create(sqEntries: 32);

    // A multi-issuer ring never takes the owner's fast prep path: every prep reserves a slot.
    private readonly Ring _reservingRing = DetachedRings.Create(new RingOptions { NotifySucceed = true, MultiIssuers = true }, sqEntries: 32);

    /// <summary>Three 8 KiB buffers the fixed-buffer cases point into (never registered: nothing is submitted).</summary>
    public LiburingEncodingTests()
    {
        _ring.UseUnregisteredBuffersForTests(3, 8192);
        _reservingRing.UseUnregisteredBuffersForTests(3, 8192);
    }

    public void Dispose()
    {
        _ring.Dispose();
        _reservingRing.Dispose();
    }

    public static TheoryData<string> Cases => new(Liburing().Keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// Every case of both files: liburing 2.3's (Debian 12's liburing-dev) and liburing 2.15's, for the helpers 2.3 lacks
    /// and the ops its file does not cover. A case name is in one file only.
    /// </summary>
    private static Dictionary<string, byte[]> Liburing([CallerFilePath] string thisFile = "")
        => new[] { "liburing-2.3.sqes.txt", "liburing-2.15.sqes.txt" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Liburing", file)))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => Convert.FromHexString(parts[1]));

    /// <summary>Prepares the case with our encoder; returns the offsets of staged pointer fields to mask.</summary>
    private static int[] Prepare(Ring ring, string name)
    {
        ReadOnlySpan<byte> buffer64 = Buffer100[..64];
        bool prepared;
        int[] staged = [];
        switch (name)
        {
            case "nop": prepared = ring.TryPrepareNop(s_context); break;
            case "read": prepared = ring.TryPrepareRead(s_context, 5, new Span<byte>((void*)0x10000, 100), 4096); break;
            case "write": prepared = ring.TryPrepareWrite(s_context, 6, Buffer100[..10], 0); break;
            case "send_zc_poll_first": prepared = ring.TryPrepareSendZc(s_context, 5, buffer64, MessageFlags.DontWait, pollFirst: true); break;
            case "send_zc_fixed_poll_first": prepared = ring.TryPrepareSendZcFixed(s_context, 5, buffer64, bufferIndex: 3, reportUsage: true, pollFirst: true); break;
            case "recvmsg_multishot":
                prepared = ring.TryPrepareRecvMsgMultishot(s_context, 9, 0x77, new MultishotMessageLayout(16), MessageFlags.Peek);
                staged = [16];
                break;
            case "send_bundle": prepared = ring.TryPrepareSendBundle(s_context, 7, 0x102, maxLength: 300, MessageFlags.More); break;
            case "recv_zc": prepared = ring.TryPrepareRecvZc(s_context, 12, zcrxId: 7); break;
            case "recv_zc_limit_poll_first": prepared = ring.TryPrepareRecvZc(s_context, 12, zcrxId: 0x10001, maxBytes: 4096, pollFirst: true); break;
            case "recv_multishot": prepared = ring.TryPrepareRecvMultishot(s_context, 11, 3); break;
            case "link_timeout_update":
                prepared = ring.TryPrepareLinkTimeoutUpdate(s_context, 0x99, TimeSpan.FromSeconds(1));
                staged = [8];
                break;
            case "timeout_update":
                prepared = ring.TryPrepareTimeoutUpdate(s_context, 0x98, TimeSpan.FromSeconds(1));
                staged = [8];
                break;
            case "cancel_any": prepared = ring.TryPrepareCancelAny(s_context); break;
            case "cancel_fd": prepared = ring.TryPrepareCancelFd(s_context, 12); break;
            case "poll_add_level": prepared = ring.TryPreparePollAddLevel(s_context, 8, PollEvents.In); break;
            case "poll_multishot": prepared = ring.TryPreparePollAddMultishot(s_context, 8, PollEvents.In); break;
            case "socket": prepared = ring.TryPrepareSocket(s_context, SocketSpec.Udp6 with { Kind = SocketKind.Datagram | SocketKind.NonBlock | SocketKind.CloseOnExec }); break;
            case "socket_direct": prepared = ring.TryPrepareSocket(s_context, s_tcp4, FileTarget.Slot(7)); break;
            case "socket_direct_alloc": prepared = ring.TryPrepareSocket(s_context, s_tcp4, FileTarget.AnySlot); break;
            case "accept": prepared = ring.TryPrepareAccept(s_context, 6); break;
            case "accept_direct": prepared = ring.TryPrepareAccept(s_context, 6, target: FileTarget.Slot(9)); break;
            case "accept_direct_alloc": prepared = ring.TryPrepareAccept(s_context, 6, target: FileTarget.AnySlot); break;
            case "multishot_accept": prepared = ring.TryPrepareAcceptMultishot(s_context, 6); break;
            case "multishot_accept_direct": prepared = ring.TryPrepareAcceptMultishot(s_context, 6, target: FileTarget.AnySlot); break;
            case "openat":
                prepared = ring.TryPrepareOpenAt(s_context, FileDescriptors.CurrentDirectory, "p", OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
                staged = [16];
                break;
            case "openat_direct":
                prepared = ring.TryPrepareOpenAt(s_context, FileDescriptors.CurrentDirectory, "p", OpenFlags.ReadWrite | OpenFlags.Create, (UnixFileMode)0x180, FileTarget.Slot(4));
                staged = [16];
                break;
            case "openat_direct_alloc":
                prepared = ring.TryPrepareOpenAt(s_context, 7, "p", OpenFlags.ReadOnly, target: FileTarget.AnySlot);
                staged = [16];
                break;
            case "openat2":
                prepared = ring.TryPrepareOpenAt2(s_context, 9, "p", new OpenHow(OpenFlags.ReadOnly));
                staged = [8, 16];
                break;
            case "openat2_direct":
                prepared = ring.TryPrepareOpenAt2(s_context, FileDescriptors.CurrentDirectory, "p", new OpenHow(OpenFlags.ReadOnly), FileTarget.Slot(0));
                staged = [8, 16];
                break;
            case "openat2_direct_alloc":
                prepared = ring.TryPrepareOpenAt2(s_context, FileDescriptors.CurrentDirectory, "p", new OpenHow(OpenFlags.ReadOnly), FileTarget.AnySlot);
                staged = [8, 16];
                break;
            case "pipe": prepared = ring.TryPreparePipe(s_context, PipeFds, OpenFlags.NonBlock | OpenFlags.CloseOnExec); break;
            case "pipe_direct": prepared = ring.TryPreparePipe(s_context, PipeFds, target: FileTarget.Slot(6)); break;
            case "pipe_direct_alloc": prepared = ring.TryPreparePipe(s_context, PipeFds, OpenFlags.NonBlock, FileTarget.AnySlot); break;
            case "msg_ring_fd": prepared = ring.TryPrepareMsgRingFd(s_context, 13, sourceSlot: 4, FileTarget.Slot(2), targetUserData: 0x99); break;
            case "msg_ring_fd_alloc": prepared = ring.TryPrepareMsgRingFd(s_context, 13, sourceSlot: 5, FileTarget.AnySlot, targetUserData: 0x98, skipTargetCompletion: true); break;
            case "shutdown": prepared = ring.TryPrepareShutdown(s_context, 4, ShutdownHow.Write); break;
            case "fsync_datasync": prepared = ring.TryPrepareFsync(s_context, 9, dataSync: true); break;
            case "close_direct": prepared = ring.TryPrepareCloseDirect(s_context, 7); break;
            case "msg_ring": prepared = ring.TryPrepareMsgRing(s_context, 13, 0x1234, 42); break;
            default:
                if (!TryPrepareLatest(ring, name, out prepared, out staged))
                {
                    throw new ArgumentOutOfRangeException(nameof(name), name, "No C# counterpart: add one when adding a case to a liburing_encodings*.c.");
                }

                break;
        }

        Assert.True(prepared);
        return staged;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_sqe_equals_liburings(string name)
    {
        byte[] expected = Liburing()[name];
        int[] staged = Prepare(_ring, name);
        byte[] actual = _ring.LastSqeBytes();
        foreach (int offset in staged)
        {
            // A field liburing fills with the caller's pointer, and ours with the staged copy's.
            Assert.NotEqual(0UL, BitConverter.ToUInt64(expected, offset));
            Assert.NotEqual(0UL, BitConverter.ToUInt64(actual, offset));
        }

        foreach (int offset in staged.Append(UserDataOffset))
        {
            expected.AsSpan(offset, 8).Clear();
            actual.AsSpan(offset, 8).Clear();
        }

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    /// <summary>
    /// The generated prep methods of plain-fill ops write through two paths, the owner's fast path (the test above, on a
    /// single-issuer ring) and a reserved slot (everything else): both must write the same bytes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_reserved_path_writes_what_the_fast_path_writes(string name)
    {
        uint ticketsBefore = _ring.LastReservationTicket;
        int[] staged = Prepare(_ring, name);
        _ = Prepare(_reservingRing, name);
        Assert.NotEqual(0u, _reservingRing.LastReservationTicket);
        byte[] fast = _ring.LastSqeBytes();
        byte[] reserved = _reservingRing.LastSqeBytes();
        if (staged.Length == 0 && !s_commandBytes.Contains(name))
        {
            // A plain fill: the owner's ring did not reserve a slot for it.
            Assert.Equal(ticketsBefore, _ring.LastReservationTicket);
        }

        foreach (int offset in staged)
        {
            // Each ring stages into its own arena.
            fast.AsSpan(offset, 8).Clear();
            reserved.AsSpan(offset, 8).Clear();
        }

        Assert.Equal(Convert.ToHexString(reserved), Convert.ToHexString(fast));
    }
}
