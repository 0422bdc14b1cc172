using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

/// <summary>
/// One io_uring instance: its submission and completion queues, context pools and staging memory.
/// </summary>
/// <remarks>
/// <para>Lifecycle: the constructor sets the ring up disabled (<c>IORING_SETUP_R_DISABLED</c>);
/// <see cref="Start"/> enables it and, for a single-issuer ring, makes the calling thread its owner;
/// <see cref="Stop"/>/<see cref="Dispose"/> unmap everything and are idempotent. Using a stopped ring
/// throws <see cref="ObjectDisposedException"/>. There is no finalizer: dispose the ring.</para>
/// <para>Teardown thread: a started single-issuer ring is stopped by its owner thread. <see cref="Stop"/>
/// from any other thread throws <see cref="InvalidOperationException"/> while the owner thread is alive
/// (the owner may be writing into the queues that teardown unmaps); once the owner thread has exited, any
/// thread may stop it. A ring that was never started has no owner and may be disposed from any thread. A
/// <see cref="RingOptions.MultiIssuers"/> ring may be stopped from any thread: calls racing with
/// <see cref="Stop"/> throw <see cref="ObjectDisposedException"/>, and threads blocked in
/// <see cref="Wait(Span{CqeView}, int, TimeSpan)"/> are woken and throw it too.</para>
/// <para>Prep methods (<c>TryPrepare*</c>) only write into the mapped SQ and return <c>false</c> when it is
/// full; <see cref="Submit"/> and the <c>Wait*</c> methods enter the kernel.</para>
/// </remarks>
public sealed unsafe partial class Ring : IDisposable
{
    private const int StateCreated = 0;
    private const int StateStarted = 1;
    private const int StateStopped = 2;

    private readonly SafeRingHandle? _handle;
    private readonly int _fd;
    private readonly RingMapping _mapping;
    private readonly ContextPools _pools;
    private SlotStagingArena _staging;
    private readonly Lock? _lock;
    private readonly byte _writeLikeFlags;
    private readonly bool _enterWhenIdle;
    private readonly bool _sqPolling;
    private readonly bool _cqeMixed;
    private SubmissionQueueState _sq;
    private CompletionQueueState _cq;
    private uint _overflowSeen;
    private int _state;
    private int _ownerThreadId;

    // The owner itself, not only its id: teardown from another thread is safe once the owner has exited.
    private Thread? _ownerThread;

    /// <summary>Sets up a disabled ring with <paramref name="options"/> (defaults when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (also an SQPOLL CPU the kernel cannot pin to).</exception>
    /// <exception cref="ArgumentException">Options exclude each other (see <see cref="RingOptions.Validate"/>).</exception>
    /// <exception cref="NotSupportedException">The kernel lacks a setup flag the options ask for; the message names the version that has it.</exception>
    /// <exception cref="UringException">The kernel refused the ring; the message says why and what to do.</exception>
    public Ring(RingOptions? options = null)
    {
        Options = options ?? new RingOptions();
        Options.Validate();
        SetupFlags flags = Options.ToSetupFlags();

        KernelSupport.ThrowIfSetupUnsupported(flags);
        IoUringParams p = SetupParameters(Options, flags);
        int fd = Syscalls.IoUringSetup((uint)Options.Entries, &p);
        if (fd < 0)
        {
            throw SetupFailure(Options, flags, (Errno)(-fd));
        }

        _handle = new SafeRingHandle(fd);
        _fd = fd;
        _enterFd = fd;
        try
        {
            _mapping = RingMapping.Map(fd, p);
            Features = new RingFeatures(p.SqEntries, p.CqEntries, flags, (KernelFeatures)p.Features, ProbeOps(fd, out int lastOp), lastOp);
        }
        catch
        {
            _mapping?.Dispose();
            _handle.Dispose();
            throw;
        }

        _sq = _mapping.Sq;
        _cq = _mapping.Cq;
        _overflowSeen = Volatile.Read(ref *_cq.Overflow);
        _lock = Options.MultiIssuers ? new Lock() : null;
        _pools = new ContextPools((int)p.SqEntries, _lock);
        _staging = new SlotStagingArena(p.SqEntries);
        _writeLikeFlags = Options.NotifySucceed ? (byte)0 : (byte)SqeFlags.CqeSkipSuccess;
        _sqPolling = (flags & SetupFlags.SqPoll) != 0;
        _cqeMixed = (flags & SetupFlags.CqeMixed) != 0;

        // An SQPOLL ring's completions are posted by its SQ thread: reaping enters only to wake it or flush an overflow.
        _enterWhenIdle = (flags & SetupFlags.TaskrunFlag) == 0 && !_sqPolling;
    }

    /// <summary>A ring over native memory that no kernel drives, for unit tests of prep and reap code.</summary>
    private Ring(RingOptions options, uint sqEntries, uint cqEntries)
    {
        Options = options;
        SetupFlags flags = options.ToSetupFlags() & ~SetupFlags.RDisabled;
        _fd = -1;
        _mapping = RingMapping.CreateDetached(sqEntries, cqEntries, flags);
        ulong[] allOps = [ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue];
        Features = new RingFeatures(sqEntries, cqEntries, flags, KernelFeatures.None, allOps, 62);
        _sq = _mapping.Sq;
        _cq = _mapping.Cq;
        _lock = options.MultiIssuers ? new Lock() : null;
        _pools = new ContextPools((int)sqEntries, _lock);
        _staging = new SlotStagingArena(sqEntries);
        _writeLikeFlags = options.NotifySucceed ? (byte)0 : (byte)SqeFlags.CqeSkipSuccess;
        _enterWhenIdle = false;
        _cqeMixed = (flags & SetupFlags.CqeMixed) != 0;
        _state = StateStarted;
        _ownerThreadId = options.MultiIssuers ? 0 : Environment.CurrentManagedThreadId;
        _ownerThread = options.MultiIssuers ? null : Thread.CurrentThread;
        RecordIssuerStack();
    }

    /// <summary>The options the ring was created with.</summary>
    public RingOptions Options { get; }

    /// <summary>The sizes, flags and feature bits the kernel actually granted (a new instance after <see cref="Resize"/>).</summary>
    public RingFeatures Features { get; private set; }

    /// <summary>The ring's file descriptor (the target of <c>MSG_RING</c> from other rings).</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    public int RingFd
    {
        get
        {
            ThrowIfStopped();
            return _fd;
        }
    }

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsStarted => Volatile.Read(ref _state) == StateStarted;

    /// <summary>True once <see cref="Stop"/> or <see cref="Dispose"/> ran.</summary>
    public bool IsStopped => Volatile.Read(ref _state) == StateStopped;

    /// <summary>The managed thread id that owns a single-issuer ring (0 before <see cref="Start"/> or with <see cref="RingOptions.MultiIssuers"/>).</summary>
    public int OwnerThreadId => _ownerThreadId;

    /// <summary>The ring's context pools (capacity = SQ entries).</summary>
    public ContextPools Pools => _pools;

    /// <summary>
    /// Enables the ring (<c>IORING_REGISTER_ENABLE_RINGS</c>). For a single-issuer ring the calling thread
    /// becomes the only one allowed to submit and reap: the kernel binds the ring to it. With
    /// <see cref="RingOptions.ProvidedBuffers"/> it then registers those groups (<see cref="ProvidedBufferGroups"/>):
    /// whether they fit memory and the memlock limit is checked before the ring is enabled (a refusal leaves the ring
    /// not started), and a kernel refusal while registering stops the ring.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ring is already started.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The provided buffers need more memory than this process can have (<c>ParamName</c> "ProvidedBuffers").</exception>
    /// <exception cref="UringException">The kernel refused (also ENOMEM when the provided buffers' ring entries exceed the memlock limit).</exception>
    [BindsIssuerThread]
    public void Start()
    {
        ThrowIfStopped();

        // A multi-issuer ring may be stopped by another thread meanwhile: enable it under the lock, so the
        // fd cannot be closed (and its number reused) between the check and the call.
        EnterLock();
        try
        {
            if (Volatile.Read(ref _state) == StateStarted)
            {
                throw new InvalidOperationException("The ring is already started.");
            }

            CheckProvidedBuffersAtStart();
            int rc = Syscalls.IoUringRegister(_fd, RegisterOp.RegisterEnableRings, null, 0);
            if (rc < 0)
            {
                throw UringException.ForSyscall("io_uring_register(ENABLE_RINGS)", (Errno)(-rc));
            }

            _ownerThreadId = Options.MultiIssuers ? 0 : Environment.CurrentManagedThreadId;
            _ownerThread = Options.MultiIssuers ? null : Thread.CurrentThread;
            RecordIssuerStack();
            RegisterRingFdAtStart();
            Volatile.Write(ref _state, StateStarted);
        }
        finally
        {
            ExitLock();
        }

        ProvisionProvidedBuffersAtStart();
    }

    /// <summary>Creates a ring over plain native memory with no kernel behind it (unit tests).</summary>
    internal static Ring CreateDetached(RingOptions options, uint sqEntries = 8, uint cqEntries = 16)
        => new(options, sqEntries, cqEntries);

    /// <summary>The SQ/CQ state, for tests that play the kernel on a detached ring.</summary>
    internal ref SubmissionQueueState SubmissionQueue => ref _sq;

    internal ref CompletionQueueState CompletionQueue => ref _cq;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfStopped()
    {
        if (Volatile.Read(ref _state) == StateStopped)
        {
            ThrowStopped();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfNotStarted()
    {
        int state = Volatile.Read(ref _state);
        if (state != StateStarted)
        {
            ThrowNotStarted(state);
        }
    }

    private static ulong[] ProbeOps(int fd, out int lastOp)
    {
        const int Ops = 256;
        byte* buffer = stackalloc byte[sizeof(ProbeHeader) + (Ops * sizeof(ProbeOp))];
        new Span<byte>(buffer, sizeof(ProbeHeader) + (Ops * sizeof(ProbeOp))).Clear();
        ulong[] supported = new ulong[4];
        int rc = Syscalls.IoUringRegister(fd, RegisterOp.RegisterProbe, buffer, Ops);
        if (rc < 0)
        {
            throw UringException.ForSyscall("io_uring_register(PROBE)", (Errno)(-rc));
        }

        ProbeHeader* header = (ProbeHeader*)buffer;
        ProbeOp* ops = (ProbeOp*)(buffer + sizeof(ProbeHeader));
        for (int i = 0; i < header->OpsLen; i++)
        {
            if ((ops[i].Flags & 1) != 0)
            {
                supported[ops[i].Op >> 6] |= 1UL << (ops[i].Op & 63);
            }
        }

        lastOp = header->LastOp;
        return supported;
    }

    private void ThrowStopped() => throw new ObjectDisposedException(nameof(Ring), "The ring was stopped.");

    private void ThrowNotStarted(int state)
    {
        if (state == StateStopped)
        {
            ThrowStopped();
        }

        throw new InvalidOperationException("The ring is not started: call Start() first (the ring is created disabled).");
    }

    private static void ThrowWrongThread(int owner)
        => throw new InvalidOperationException(
            $"This ring is single-issuer and owned by managed thread {owner}, but was used from thread {Environment.CurrentManagedThreadId}. "
            + "Drive it from its owner thread (hand work over through a queue), or create it with RingOptions.MultiIssuers = true.");
}
