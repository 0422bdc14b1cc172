using System;
using System.IO;
using Uring.Interop;

namespace Uring;

// Setting a receiver up: the ring's fitness, the interface, the memory, and IORING_REGISTER_ZCRX_IFQ.
public sealed unsafe partial class ZeroCopyReceiver
{
    /// <summary><c>IO_URING_QUERY_ZCRX</c> (after 6.18): what the kernel's zcrx takes.</summary>
    private const uint QueryZcrx = 1;

    /// <summary><c>ZCRX_FEATURE_RX_PAGE_SIZE</c>: the kernel takes a chunk size (<c>rx_buf_len</c>) other than the page size.</summary>
    private const uint FeatureRxPageSize = 1;

    /// <summary>
    /// Registers <paramref name="options"/>' NIC receive queue with <paramref name="ring"/>
    /// (<c>IORING_REGISTER_ZCRX_IFQ</c>): maps the area and the refill queue, and hands both to the kernel. The receiver
    /// is <see cref="ZeroCopyReceiverState.Idle"/>; <see cref="TryStart"/> arms a receive. Call it on the ring's issuer
    /// thread, before or after <see cref="Ring.Start"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="ring"/> has 16-byte completions (create it with <see cref="RingOptions.Cqe32"/>) or no
    /// <c>DEFER_TASKRUN</c> (a <see cref="RingOptions.MultiIssuers"/> or <see cref="RingOptions.SubmissionPolling"/> ring);
    /// or an option is out of range or names no interface (<c>ParamName</c> is the option).
    /// </exception>
    /// <exception cref="NotSupportedException">
    /// The kernel or the NIC cannot do zero-copy receive: the message says what is missing (a NIC and driver with
    /// zero-copy receive, header/data split on the queue, flow steering to it, Linux 6.15+).
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The process lacks <c>CAP_NET_ADMIN</c>.</exception>
    /// <exception cref="InvalidOperationException">The queue is taken (another zero-copy queue, a memory provider or an XDP program), or the thread does not own the ring.</exception>
    /// <exception cref="UringException">Another failure (memory: the area counts against <c>RLIMIT_MEMLOCK</c>).</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    public static ZeroCopyReceiver Register(Ring ring, ZeroCopyReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ThrowIfRingUnfit(ring);
        ThrowIfKernelLacks(ring, options);
        uint ifIndex = Syscalls.InterfaceIndex(options.InterfaceName);
        if (ifIndex == 0)
        {
            throw new ArgumentException(
                $"There is no network interface \"{options.InterfaceName}\" (see /sys/class/net or `ip link`).", nameof(ZeroCopyReceiverOptions.InterfaceName));
        }

        int queues = ReceiveQueueCount(options.InterfaceName);
        if (queues > 0 && options.RxQueue >= queues)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ZeroCopyReceiverOptions.RxQueue), options.RxQueue, $"{options.InterfaceName} has {queues} receive queue(s): 0 to {queues - 1}.");
        }

        ZeroCopyMemory memory = ZeroCopyMemory.Map(options.AreaSize, options.RefillEntries);
        ZcrxAreaRegister area = new() { Addr = (ulong)memory.Area, Len = (ulong)options.AreaSize };
        RegionDesc region = new() { UserAddr = (ulong)memory.Refill, Size = memory.RefillBytes, Flags = RegionFlags.TypeUser };
        ZcrxIfqRegister registration = new()
        {
            IfIndex = ifIndex,
            IfRxQueue = (uint)options.RxQueue,
            RqEntries = (uint)options.RefillEntries,
            AreaPtr = (ulong)&area,
            RegionPtr = (ulong)&region,

            // rx_buf_len on kernels that take it (checked above); 6.18 requires this word to be 0.
            Resv2 = options.ChunkSize == Environment.SystemPageSize ? 0u : (uint)options.ChunkSize,
        };

        int rc;
        try
        {
            rc = ring.RegisterZeroCopyReceiveQueue(&registration);
        }
        catch
        {
            memory.Free();
            throw;
        }

        if (rc < 0)
        {
            memory.Free();
            throw Refusal((Errno)(-rc), options);
        }

        return new ZeroCopyReceiver(ring, options, registration.ZcrxId, in memory, in registration.Offsets, area.RqAreaToken);
    }

    /// <summary>
    /// A receiver over native memory that no kernel drives, on a detached ring, for tests that play the kernel: they post
    /// completions and move the refill queue's head themselves. The same ring checks as <see cref="Register"/>.
    /// </summary>
    internal static ZeroCopyReceiver CreateDetached(Ring ring, ZeroCopyReceiverOptions options, uint id = 0, ulong areaToken = 0)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ThrowIfRingUnfit(ring);
        ZeroCopyMemory memory = ZeroCopyMemory.Allocate(options.AreaSize, options.RefillEntries);

        // Where a 6.18 kernel puts them: head and tail in the first cache line, the entries after the header.
        ZcrxOffsets offsets = new() { Head = 0, Tail = 4, Rqes = 64 };
        return new ZeroCopyReceiver(ring, options, id, in memory, in offsets, areaToken);
    }

    /// <summary>The ring checks: 32-byte completions and <c>DEFER_TASKRUN</c>, which the kernel requires (it answers a bare EINVAL).</summary>
    private static void ThrowIfRingUnfit(Ring ring)
    {
        if (ring.IsStopped)
        {
            throw new ObjectDisposedException(nameof(Ring), "The ring was stopped.");
        }

        SetupFlags flags = ring.Features.SetupFlags;
        if ((flags & (SetupFlags.Cqe32 | SetupFlags.CqeMixed)) == 0)
        {
            throw new ArgumentException(
                "Zero-copy receive needs a ring with 32-byte completions: each one carries the data's area offset in its extra 16 bytes. "
                + "Create the ring with RingOptions.Cqe32 = true (or CqeMixed = true).",
                nameof(ring));
        }

        if ((flags & SetupFlags.DeferTaskrun) == 0)
        {
            throw new ArgumentException(
                "Zero-copy receive needs a DEFER_TASKRUN ring, as the default single-issuer ring is; MultiIssuers and SubmissionPolling rings are not.",
                nameof(ring));
        }
    }

    private static void ThrowIfKernelLacks(Ring ring, ZeroCopyReceiverOptions options)
    {
        if (!ring.Features.IsSupported(IoUringOp.RecvZc))
        {
            throw new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) has no IORING_OP_RECV_ZC: zero-copy receive needs Linux 6.15 or later, built with CONFIG_IO_URING_ZCRX.");
        }

        if (options.ChunkSize != Environment.SystemPageSize && !KernelTakesChunkSize())
        {
            throw new NotSupportedException(
                $"This kernel ({KernelSupport.Release}) receives into page-sized chunks only ({Environment.SystemPageSize} bytes): a ChunkSize of "
                + $"{options.ChunkSize} needs a kernel whose zcrx reports ZCRX_FEATURE_RX_PAGE_SIZE (IORING_REGISTER_QUERY, newer than 6.18). "
                + "Leave ChunkSize at its default.");
        }
    }

    /// <summary>Asks <c>IO_URING_QUERY_ZCRX</c> whether the kernel takes <c>rx_buf_len</c>; false where the query is missing (6.18 answers -EOPNOTSUPP).</summary>
    private static bool KernelTakesChunkSize()
    {
        // struct io_uring_query_zcrx: register_flags u64, area_flags u64, nr_ctrl_opcodes u32, features u32, ...
        ulong* answer = stackalloc ulong[5];
        new Span<ulong>(answer, 5).Clear();
        QueryHeader header = new() { QueryData = (ulong)answer, QueryOp = QueryZcrx, Size = 40 };
        int rc = Syscalls.IoUringRegister(-1, RegisterOp.RegisterQuery, &header, 0);
        return rc >= 0 && header.Result >= 0 && header.Size >= 24 && (((uint*)answer)[5] & FeatureRxPageSize) != 0;
    }

    /// <summary>The interface's receive queues (<c>/sys/class/net/NAME/queues/rx-*</c>); 0 when sysfs does not say.</summary>
    private static int ReceiveQueueCount(string interfaceName)
    {
        try
        {
            return Directory.GetDirectories($"/sys/class/net/{interfaceName}/queues", "rx-*").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The interface's driver (the name of <c>/sys/class/net/NAME/device/driver</c>), or a note that it has none.</summary>
    internal static string DriverOf(string interfaceName)
    {
        try
        {
            FileSystemInfo? target = Directory.ResolveLinkTarget($"/sys/class/net/{interfaceName}/device/driver", returnFinalTarget: false);
            return target?.Name ?? "none: a software interface";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "none: a software interface";
        }
    }

    /// <summary>What the kernel's refusal means, as an exception that says what to do; never a bare errno.</summary>
    internal static Exception Refusal(Errno error, ZeroCopyReceiverOptions options)
    {
        string name = options.InterfaceName;
        return error switch
        {
            Errno.EOPNOTSUPP or Errno.EINVAL => new NotSupportedException(NeedsMessage(error, options)),
            Errno.EPERM => new UnauthorizedAccessException(
                $"Registering a zero-copy receive queue on {name} needs CAP_NET_ADMIN (the kernel answered EPERM): run as root or grant the capability."),
            Errno.ENODEV => new ArgumentException(
                $"The kernel has no network device \"{name}\" in this network namespace (ENODEV).", nameof(ZeroCopyReceiverOptions.InterfaceName)),
            Errno.EEXIST or Errno.EBUSY => new InvalidOperationException(
                $"Queue {options.RxQueue} of {name} is taken ({error}): another zero-copy receive queue, a memory provider or an XDP program uses it."),
            _ => UringException.ForSyscall("io_uring_register(ZCRX_IFQ)", error),
        };
    }

    private static string NeedsMessage(Errno error, ZeroCopyReceiverOptions options)
    {
        string name = options.InterfaceName;
        string why = error == Errno.EOPNOTSUPP
            ? "the interface's driver has no zero-copy receive support"
            : "the queue is not set up for it (most often header/data split is off)";
        // EOPNOTSUPP and ENOTSUP share a value, and the enum would print the latter; the kernel's name is the former.
        string errno = error == Errno.EOPNOTSUPP ? "EOPNOTSUPP" : error.ToString();
        return $"Zero-copy receive on {name} (driver: {DriverOf(name)}) queue {options.RxQueue} was refused by the kernel ({errno}): {why}. "
            + "It needs: a NIC and driver with zero-copy receive support (queue management and page-pool memory providers, as mlx5, bnxt_en, gve "
            + "and fbnic have; virtio_net, loopback, veth and other virtual interfaces do not); header/data split turned on "
            + $"(ethtool -G {name} tcp-data-split on, with no header-split threshold); the connection's flow steered to queue {options.RxQueue} "
            + $"(ethtool -N {name} flow-type tcp4 ... action {options.RxQueue}, or RSS); and Linux 6.15 or later with CONFIG_IO_URING_ZCRX "
            + $"(this kernel: {KernelSupport.Release}).";
    }
}
