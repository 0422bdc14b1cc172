using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Uring.AspNetCore;

/// <summary>
/// Kestrel's transport on io_uring: binds TCP (IPv4, IPv6, dual-mode <c>ListenAnyIP</c>) and Unix-domain end points on an
/// <see cref="EventLoopGroup"/>, by default one loop per two cores (one per core with inline scheduling). Registered by
/// <c>UseUring()</c>; Kestrel picks it for the end points it can bind because it is registered after the socket transport.
/// </summary>
/// <remarks>
/// <para>The first bind starts the loops, which is the probe: if the kernel refuses a ring (<c>kernel.io_uring_disabled</c>,
/// a seccomp profile, an old kernel, too little locked memory) the factory logs one warning that says why and how to
/// enable io_uring and binds with Kestrel's socket transport from then on, or, in strict mode
/// (<see cref="UringTransportOptions.Strict"/>), throws an <see cref="InvalidOperationException"/> with that message so
/// startup fails.</para>
/// <para>Each bound end point has one listening socket; one loop accepts its connections (a multishot accept) and hands them
/// to the group's loops round-robin. A connection's receives, sends and close all run on its loop's ring.</para>
/// <para>The loops live as long as the factory, a singleton that the host disposes after Kestrel has stopped.</para>
/// </remarks>
public sealed class UringTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector, IAsyncDisposable, IDisposable
{
    private readonly UringTransportOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IOptions<SocketTransportOptions> _socketOptions;
    private readonly IMemoryPoolFactory<byte>? _memoryPoolFactory;
    private readonly Lock _lock = new();
    private EventLoopGroup? _loops;
    private MemoryPool<byte>? _memoryPool;
    private bool _ownsMemoryPool;
    private LoopDuplexPipeOptions? _pipeOptions;
    private SocketTransportFactory? _sockets;
    private string? _fallbackReason;
    private InvalidOperationException? _strictFailure;
    private int _binds;
    private bool _started;
    private bool _disposed;

    /// <summary>A factory with <paramref name="options"/>.</summary>
    /// <param name="options">The transport's options.</param>
    /// <param name="loggerFactory">Where the fallback warning and the transport's messages go.</param>
    /// <param name="socketTransportOptions">The socket transport's options, for end points bound with it (the fallback, and
    /// file handles); defaults when null.</param>
    /// <param name="memoryPoolFactory">Kestrel's pool factory: the connections' pipes and Kestrel's own buffers then share
    /// Kestrel's pinned block pool, as with the socket transport. Null for the runtime's pinned block pool.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="loggerFactory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public UringTransportFactory(
        IOptions<UringTransportOptions> options,
        ILoggerFactory loggerFactory,
        IOptions<SocketTransportOptions>? socketTransportOptions = null,
        IMemoryPoolFactory<byte>? memoryPoolFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _options.Validate();
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<UringTransportFactory>();
        _socketOptions = socketTransportOptions ?? Options.Create(new SocketTransportOptions());
        _memoryPoolFactory = memoryPoolFactory;
    }

    /// <summary>The event loops, once the first bind started them; null before, and when io_uring is unavailable.</summary>
    public EventLoopGroup? Loops => Volatile.Read(ref _loops);

    /// <summary>Why the socket transport serves instead of io_uring (the warning's text); null while io_uring serves or before the first bind.</summary>
    public string? FallbackReason => Volatile.Read(ref _fallbackReason);

    /// <summary>True for the end points this transport binds: IP and Unix-domain ones on io_uring, file handles with Kestrel's socket transport.</summary>
    /// <param name="endpoint">The end point Kestrel wants bound.</param>
    /// <returns>Whether <see cref="BindAsync"/> takes it.</returns>
    public bool CanBind(EndPoint endpoint)
        => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    /// <summary>
    /// Binds <paramref name="endpoint"/> and listens on it (starting the loops on the first call). Where io_uring is
    /// unavailable, binds it with Kestrel's socket transport after one warning, or throws in strict mode.
    /// </summary>
    /// <param name="endpoint">An <see cref="IPEndPoint"/> (port 0 for any free port), a <see cref="UnixDomainSocketEndPoint"/>
    /// or a <see cref="FileHandleEndPoint"/> (bound with the socket transport).</param>
    /// <param name="cancellationToken">Cancels the bind.</param>
    /// <returns>The listener; its <see cref="IConnectionListener.EndPoint"/> has the port the kernel chose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is null.</exception>
    /// <exception cref="NotSupportedException"><paramref name="endpoint"/> is of a kind this transport does not bind.</exception>
    /// <exception cref="AddressInUseException">Something else listens there.</exception>
    /// <exception cref="InvalidOperationException">Strict mode, and io_uring is unavailable (the message says why and what to do).</exception>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        if (!CanBind(endpoint))
        {
            throw new NotSupportedException($"The Uring transport binds IP, Unix-domain and file-handle end points, not {endpoint.GetType().Name}.");
        }

        EventLoopGroup? loops = endpoint is FileHandleEndPoint ? null : Start();
        if (loops is null)
        {
            // A socket systemd (or a parent) handed over, or io_uring is unavailable: Kestrel's own transport binds it.
            return await Sockets().BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }

        Socket socket = CreateListenSocket(endpoint, _options.Backlog);
        EndPoint bound = socket.LocalEndPoint ?? endpoint;
        int acceptorIndex = (Interlocked.Increment(ref _binds) - 1) % loops.Count;
        EventLoop acceptor = loops.Loops[acceptorIndex];
        UringTransportLog.Listening(_logger, bound, acceptorIndex);
        return new UringConnectionListener(socket, bound, acceptor, loops, _pipeOptions!, _memoryPool!, _logger);
    }

    /// <summary>Shuts the loops down (closing any connection still open) and waits until they have.</summary>
    /// <returns>A task for the shutdown.</returns>
    public async ValueTask DisposeAsync()
    {
        EventLoopGroup? loops;
        MemoryPool<byte>? pool;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loops = _loops;
            pool = _ownsMemoryPool ? _memoryPool : null;
        }

        if (loops is not null)
        {
            await loops.DisposeAsync().ConfigureAwait(false);
        }

        pool?.Dispose();
    }

    /// <summary>Shuts the loops down and waits (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The loops, started on the first call; null when io_uring is unavailable (logged once).</summary>
    private EventLoopGroup? Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                // Strict mode refuses every bind, not only the first: no end point may end up on the socket transport.
                return _strictFailure is null ? _loops : throw new InvalidOperationException(_strictFailure.Message, _strictFailure.InnerException);
            }

            _started = true;
            (string? reason, Errno? errno, Exception? error) = Probe(out EventLoopGroup? loops);
            if (loops is not null)
            {
                // Kestrel's pool when it offers one (the pipes and Kestrel's own buffers then share it, as with the socket
                // transport); otherwise the pipes use the runtime's pinned blocks and Kestrel the shared array pool.
                _ownsMemoryPool = _memoryPoolFactory is not null;
                _memoryPool = _memoryPoolFactory?.Create(new MemoryPoolOptions { Owner = "uring" }) ?? MemoryPool<byte>.Shared;
                _pipeOptions = PipeOptions(_ownsMemoryPool ? _memoryPool : null);
                Volatile.Write(ref _loops, loops);
                UringTransportLog.Started(_logger, loops.Count, _options.RingEntries);
                return loops;
            }

            if (_options.Strict)
            {
                _strictFailure = new InvalidOperationException(UringAvailability.StrictFailure(reason!, errno), error);
                throw _strictFailure;
            }

            string warning = UringAvailability.FallbackWarning(reason!, errno);
            Volatile.Write(ref _fallbackReason, warning);
            UringTransportLog.FallingBack(_logger, warning, error);
            return null;
        }
    }

    /// <summary>Starts the loops, which creates their rings: the kernel's answer is the probe.</summary>
    private (string? Reason, Errno? Errno, Exception? Error) Probe(out EventLoopGroup? loops)
    {
        loops = null;
        if (UringAvailability.PlatformReason() is { } platform)
        {
            return (platform, null, null);
        }

        try
        {
            if (_options.SimulatedSetupErrno is { } simulated)
            {
                throw new UringException(simulated, $"io_uring_setup failed: {simulated} ({simulated.Describe()}) [simulated by the test hook].");
            }

            EventLoopOptions defaults = new();
            loops = new EventLoopGroup(_options.EffectiveLoopCount, new EventLoopOptions
            {
                Entries = _options.RingEntries,
                MaxIdleSpin = _options.EffectiveMaxIdleSpin(defaults.MaxIdleSpin),
                ThreadName = null,
                UnhandledException = e => UringTransportLog.LoopWorkFailed(_logger, e),
            });
            return (null, null, null);
        }
        catch (UringException e)
        {
            return (e.Message, e.Errno, e);
        }
    }

    private LoopDuplexPipeOptions PipeOptions(MemoryPool<byte>? pool) => new()
    {
        MemoryPool = pool,
        ReceiveBufferSize = _options.ReceiveBufferSize,
        MaxReadBufferSize = _options.MaxReadBufferSize ?? 0,
        MaxWriteBufferSize = _options.MaxWriteBufferSize ?? 0,

        // Kestrel's code and the application run on the thread pool, as with the socket transport (reached in one work
        // item per loop iteration, not one per connection), unless asked to run inline on the loop (the pipe's default).
        ApplicationScheduler = _options.UnsafePreferInlineScheduling ? null : ThreadPoolBatchScheduler.Instance,

    };

    private SocketTransportFactory Sockets()
    {
        lock (_lock)
        {
            return _sockets ??= new SocketTransportFactory(_socketOptions, _loggerFactory);
        }
    }

    /// <summary>
    /// A bound, listening socket, made as Kestrel's socket transport makes it (<see cref="SocketTransportOptions.CreateDefaultBoundListenSocket"/>:
    /// IPv6Any is dual-mode, Unix sockets have no protocol); a port in use is an <see cref="AddressInUseException"/>.
    /// </summary>
    private static Socket CreateListenSocket(EndPoint endpoint, int backlog)
    {
        Socket socket;
        try
        {
            socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AddressInUseException(e.Message, e);
        }

        try
        {
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }
}
