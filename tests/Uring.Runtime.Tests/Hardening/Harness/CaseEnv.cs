using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using Uring.Tests.Support;

namespace Uring.Tests.Hardening.Harness;

/// <summary>
/// Everything one bad-input case may need, created on demand and released after the case: the ring under
/// test (started on this thread unless the case wants it fresh), descriptors of every kind, native memory
/// the kernel may keep, and a second ring for "another ring's" contexts and slots.
/// </summary>
internal sealed unsafe class CaseEnv : IDisposable
{
    /// <summary>The Value context of the request an errno case prepares.</summary>
    public const ulong CaseTag = 0x0C45_E000;

    /// <summary>The Value context of the SQEs that fill the SQ.</summary>
    public const ulong FillTag = 0x0F11_0000;

    private readonly List<int> _fds = [];
    private readonly List<IDisposable> _owned = [];
    private readonly List<Action> _returns = [];
    private (int Read, int Write)? _pipe;
    private (int A, int B)? _sockets;
    private int? _file;
    private int? _directory;
    private int? _closed;
    private int? _eventFd;
    private int? _epoll;
    private Ring? _other;
    private System.Net.Sockets.Socket? _udp;
    private string? _tempDirectory;
    private NativeBuffer? _buffer;
    private IoVector[]? _vectors;
    private MessageHeader[]? _header;
    private SockAddr[]? _peer;
    private Statx[]? _statx;
    private EpollEvent[]? _events;
    private PipeDescriptors[]? _pipes;
    private SignalInfo[]? _signal;
    private uint[]? _futex;

    public CaseEnv(RingOptions options, bool start)
    {
        Ring = new Ring(options);
        if (start)
        {
            Ring.Start();
        }
    }

    public Ring Ring { get; }

    /// <summary>The context errno cases prepare with (a Value context, so the harness finds its completion).</summary>
    public SqeContext Tag => SqeContext.FromValue(CaseTag);

    /// <summary>4 KiB of native memory that never moves (the kernel may write it until the completion).</summary>
    public Span<byte> Buffer => (_buffer ??= Own(new NativeBuffer(4096))).Span;

    public byte* BufferPointer => (_buffer ??= Own(new NativeBuffer(4096))).Pointer;

    /// <summary>One vector over <see cref="Buffer"/>, in a pinned array.</summary>
    public IoVector[] Vectors
    {
        get
        {
            if (_vectors is null)
            {
                _vectors = GC.AllocateArray<IoVector>(1, pinned: true);
                _vectors[0] = new IoVector(BufferPointer, 4096);
            }

            return _vectors;
        }
    }

    /// <summary>A receive <c>msghdr</c> over <see cref="Vectors"/>, in a pinned array (the kernel reads it at issue).</summary>
    public Span<MessageHeader> ReceiveHeader
    {
        get
        {
            if (_header is null)
            {
                _header = GC.AllocateArray<MessageHeader>(1, pinned: true);
                _header[0] = MessageHeader.ForReceive(Peer, Vectors);
            }

            return _header;
        }
    }

    public Span<SockAddr> Peer => _peer ??= GC.AllocateArray<SockAddr>(1, pinned: true);

    public Span<Statx> StatxResult => _statx ??= GC.AllocateArray<Statx>(1, pinned: true);

    public Span<EpollEvent> Events => _events ??= GC.AllocateArray<EpollEvent>(4, pinned: true);

    public Span<PipeDescriptors> PipeResult => _pipes ??= GC.AllocateArray<PipeDescriptors>(1, pinned: true);

    public Span<SignalInfo> SignalInfo => _signal ??= GC.AllocateArray<SignalInfo>(1, pinned: true);

    /// <summary>A futex word in a pinned array.</summary>
    public Span<uint> FutexWord => _futex ??= GC.AllocateArray<uint>(1, pinned: true);

    public int PipeRead => (_pipe ??= Track(Posix.Pipe())).Read;

    public int PipeWrite => (_pipe ??= Track(Posix.Pipe())).Write;

    public int SocketA => (_sockets ??= Track(CaseFds.SocketPair())).A;

    public int SocketB => (_sockets ??= Track(CaseFds.SocketPair())).B;

    /// <summary>A regular file opened read-write, holding 4 KiB.</summary>
    public int File => _file ??= OpenFile();

    /// <summary>The temporary directory, opened <c>O_DIRECTORY</c>.</summary>
    public int Directory => _directory ??= Track(CaseFds.Open(TempDirectory, CaseFds.ORdonly | CaseFds.ODirectory));

    /// <summary>A descriptor number that was open and is closed now.</summary>
    public int ClosedFd => _closed ??= CaseFds.JustClosed();

    /// <summary>A UDP socket connected to 127.0.0.1:9 (a socket that supports zero-copy sends).</summary>
    public int Udp
    {
        get
        {
            if (_udp is null)
            {
                _udp = Own(new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp));
                _udp.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9));
            }

            return (int)_udp.Handle;
        }
    }

    public int EventFd => _eventFd ??= Track(CaseFds.EventFd());

    public int Epoll => _epoll ??= Track(CaseFds.EpollCreate());

    public string TempDirectory => _tempDirectory ??= CreateTempDirectory();

    /// <summary>A second started ring on this thread.</summary>
    public Ring Other => _other ??= Own(StartedRing(new RingOptions { Entries = 8, NotifySucceed = true }));

    /// <summary>A ring that was started and stopped.</summary>
    public Ring StoppedRing()
    {
        Ring ring = StartedRing(new RingOptions { Entries = 8, NotifySucceed = true });
        ring.Stop();
        return ring;
    }

    /// <summary>Prepares NOPs until the SQ refuses one (nothing is submitted).</summary>
    public void FillSq()
    {
        int guard = 0;
        while (Ring.TryPrepareNop(SqeContext.FromValue(FillTag)))
        {
            if (++guard > 1 << 16)
            {
                throw new InvalidOperationException("The SQ never filled up.");
            }
        }
    }

    /// <summary>Rents every Extended context of the ring's pool (they go back after the case).</summary>
    public void ExhaustExtended()
    {
        while (Ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            ExtendedSqe held = ext;
            HeldExtended++;
            _returns.Add(() => Ring.ReturnExtendedSqe(held));
        }
    }

    /// <summary>Rents every Indirect context of the ring's pool.</summary>
    public void ExhaustIndirect()
    {
        while (Ring.TryRentIndirectSqe(out IndirectSqe sqe))
        {
            IndirectSqe held = sqe;
            HeldIndirectCount++;
            _returns.Add(() => Ring.ReturnIndirectSqe(held));
        }
    }

    /// <summary>An Extended context rented and already returned: stale.</summary>
    public ExtendedSqe ReturnedExt()
    {
        if (!Ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            throw new InvalidOperationException("The pool is empty.");
        }

        Ring.ReturnExtendedSqe(ext);
        return ext;
    }

    /// <summary>An Indirect context rented and already returned: stale.</summary>
    public IndirectSqe ReturnedIndirect()
    {
        if (!Ring.TryRentIndirectSqe(out IndirectSqe sqe))
        {
            throw new InvalidOperationException("The pool is empty.");
        }

        Ring.ReturnIndirectSqe(sqe);
        return sqe;
    }

    /// <summary>An Extended context rented from this ring and held until the case ends.</summary>
    public ExtendedSqe RentedExt()
    {
        if (!Ring.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            throw new InvalidOperationException("The pool is empty.");
        }

        HeldExtended++;
        _returns.Add(() => Ring.ReturnExtendedSqe(ext));
        return ext;
    }

    /// <summary>An Indirect context rented from this ring and held until the case ends.</summary>
    public IndirectSqe RentedIndirect()
    {
        if (!Ring.TryRentIndirectSqe(out IndirectSqe sqe))
        {
            throw new InvalidOperationException("The pool is empty.");
        }

        HeldIndirectCount++;
        _returns.Add(() => Ring.ReturnIndirectSqe(sqe));
        return sqe;
    }

    /// <summary>SQEs the case queued on purpose before the refused call (the refusal check counts them out).</summary>
    public int QueuedOnPurpose { get; set; }

    /// <summary>Extended contexts of this ring the case holds on purpose (given back after the case).</summary>
    public int HeldExtended { get; private set; }

    /// <summary>Indirect contexts of this ring the case holds on purpose.</summary>
    public int HeldIndirectCount { get; private set; }

    /// <summary>A context an arrangement rented for the act to use.</summary>
    public ExtendedSqe? HeldExt { get; set; }

    /// <summary>An Indirect context an arrangement rented for the act to use.</summary>
    public IndirectSqe? HeldIndirect { get; set; }

    /// <summary>An Extended context of <see cref="Other"/>, held until the case ends.</summary>
    public ExtendedSqe OthersExt()
    {
        Ring other = Other;
        if (!other.TryRentExtendedSqe(out ExtendedSqe ext))
        {
            throw new InvalidOperationException("The other pool is empty.");
        }

        _returns.Add(() => other.ReturnExtendedSqe(ext));
        return ext;
    }

    /// <summary>An Indirect context of <see cref="Other"/>, held until the case ends.</summary>
    public IndirectSqe OthersIndirect()
    {
        Ring other = Other;
        if (!other.TryRentIndirectSqe(out IndirectSqe sqe))
        {
            throw new InvalidOperationException("The other pool is empty.");
        }

        _returns.Add(() => other.ReturnIndirectSqe(sqe));
        return sqe;
    }

    /// <summary>Runs <paramref name="action"/> on a new thread and rethrows what it threw, here.</summary>
    public static void OnOtherThread(Action action)
    {
        ExceptionDispatchInfo? error = null;
        TestThread thread = new(() =>
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                error = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = "hardening-other-thread",
        };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("The call on the other thread did not return within 10 s (a deadlock).");
        }

        error?.Throw();
    }

    /// <summary>Gives back what the case still holds. Called before the NOP round trip and disposal.</summary>
    public void ReturnHeld()
    {
        foreach (Action giveBack in _returns)
        {
            giveBack();
        }

        _returns.Clear();
    }

    public void Dispose()
    {
        // Rings first: memory and descriptors a request may still use are released after the kernel let go.
        _returns.Clear();
        Ring.Dispose();
        _other?.Dispose();
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        foreach (int fd in _fds)
        {
            CaseFds.Close(fd);
        }

        if (_tempDirectory is not null)
        {
            try
            {
                System.IO.Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static Ring StartedRing(RingOptions options)
    {
        Ring ring = new(options);
        try
        {
            ring.Start();
            return ring;
        }
        catch
        {
            ring.Dispose();
            throw;
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private int Track(int fd)
    {
        _fds.Add(fd);
        return fd;
    }

    private (int, int) Track((int First, int Second) pair)
    {
        _fds.Add(pair.First);
        _fds.Add(pair.Second);
        return pair;
    }

    private int OpenFile()
    {
        string path = Path.Combine(TempDirectory, "file");
        System.IO.File.WriteAllBytes(path, new byte[4096]);
        return Track(CaseFds.Open(path, CaseFds.ORdwr));
    }

    private static string CreateTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "uring-hardening-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
