using System;
using System.Threading;
using System.Threading.Tasks;

namespace Uring;

/// <summary>
/// What a <see cref="ProvidedReceiver"/> feeds: the receive queue of <see cref="LoopConnection.ReceiveProvidedAsync"/>, or
/// a <see cref="LoopDuplexPipe"/>'s reader. Every member is called on the loop thread.
/// </summary>
internal interface IProvidedReceiveSink
{
    /// <summary>True while the application waits for bytes it does not have (a read is pending).</summary>
    bool IsWaiting { get; }

    /// <summary>True while the sink holds as many unconsumed bytes as it may: receiving pauses until it pokes the receiver.</summary>
    bool IsFull { get; }

    /// <summary>Bytes arrived in <paramref name="slot"/> (lend <paramref name="token"/>): the sink owns the lend now.</summary>
    void OnReceived(LentSlot slot, int token);

    /// <summary>No more bytes: null at the end of the stream, or why. Called once.</summary>
    void OnEnded(Exception? error);

    /// <summary>The connection is being closed (disposed, or the loop shuts down).</summary>
    void OnConnectionClosing();
}

/// <summary>
/// Copy-free receiving for one connection: a multishot receive (<c>IORING_OP_RECV</c> with <c>IORING_RECV_MULTISHOT</c>
/// and <c>IOSQE_BUFFER_SELECT</c>) on the loop's provided-buffer group, whose completions lend the filled buffers to a
/// <see cref="IProvidedReceiveSink"/>. The kernel takes a buffer only when bytes arrive, so a connection with nothing
/// to read holds none.
/// </summary>
/// <remarks>
/// <para>All state changes run on the loop thread (<see cref="Evaluate"/>); other threads <see cref="Poke"/> it. The
/// request is armed while the sink has room, and:</para>
/// <list type="bullet">
/// <item>the kernel ends it without an error (no <c>IORING_CQE_F_MORE</c>: a full CQ, say): it is armed again;</item>
/// <item><c>ENOBUFS</c> (the group is empty): it waits for the pool to report returned buffers and is armed again
/// then; meanwhile, if the application waits for bytes, one fallback receive into an overflow block keeps the
/// connection going (buffers held by other connections never stall this one);</item>
/// <item>the sink is full (backpressure): the request is cancelled, and armed again when the sink pokes;</item>
/// <item>end of stream, an error, the connection's close, the loop's shutdown: it ends, and the sink is told.</item>
/// </list>
/// <para>While armed it holds a reference on the connection's handle, so the descriptor is closed only after its last
/// completion.</para>
/// </remarks>
internal sealed class ProvidedReceiver : MultishotRequest
{
    private static readonly Action<object?> s_poke = static state => ((ProvidedReceiver)state!).OnPoke();

    private readonly EventLoop _loop;
    private readonly LoopConnection _connection;
    private readonly IProvidedReceiveSink _sink;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProvidedBufferPool? _pool;
    private bool _handleReferenced;
    private bool _fallbackPending;
    private bool _starved;
    private bool _closing;
    private bool _finished;
    private volatile bool _stopRequested;
    private volatile bool _idle = true;
    private int _pokeQueued;

    public ProvidedReceiver(LoopConnection connection, IProvidedReceiveSink sink)
    {
        _loop = connection.Loop;
        _connection = connection;
        _sink = sink;
    }

    /// <summary>Completes when receiving has ended and no request of it is in flight.</summary>
    public Task Ended => _ended.Task;

    /// <summary>True while no receive is in flight (paused, starved, not started): a sink that needs bytes pokes then. Any thread.</summary>
    public bool IsIdle => _idle;

    /// <summary>Fallback receives done so far (tests).</summary>
    internal int FallbackReceives { get; private set; }

    /// <summary>Times the kernel ended the request after a completion with bytes, and it was armed again (tests).</summary>
    internal int EndsAfterData { get; private set; }

    /// <summary>
    /// A sink that just began waiting for bytes calls this after recording it: pokes the receiver if nothing is in flight
    /// (it may have to start, or fall back). The fence pairs with the one in <see cref="Evaluate"/>: either this call sees
    /// the receiver idle, or the receiver's next look sees the sink waiting.
    /// </summary>
    public void PokeIfIdle()
    {
        Interlocked.MemoryBarrier();
        if (_idle)
        {
            Poke();
        }
    }

    /// <summary>Asks the loop to look at this receiver again (start, resume after backpressure, fall back). Any thread.</summary>
    public void Poke()
    {
        if (Interlocked.Exchange(ref _pokeQueued, 1) == 0 && !_loop.TryRunOnLoop(s_poke, this))
        {
            // The loop's queue closed (shutdown): the close of every connection ends this receiver.
            Volatile.Write(ref _pokeQueued, 0);
        }
    }

    /// <summary>The sink needs no more bytes: end receiving (bytes still in flight are returned). Any thread.</summary>
    public void Stop()
    {
        _stopRequested = true;
        Poke();
    }

    /// <summary>The connection's close began (loop thread): no receive is armed again, the armed one is cancelled.</summary>
    public void OnConnectionClosing()
    {
        _closing = true;
        _sink.OnConnectionClosing();
        Evaluate();
    }

    /// <summary>The pool has buffers again (loop thread).</summary>
    public void OnBuffersReturned()
    {
        _starved = false;
        Evaluate();
    }

    /// <summary>On the loop: the multishot receive on the group.</summary>
    internal override bool Prepare(Ring ring, SqeContext context) => _pool!.TryPrepareReceive(ring, context, _connection.FileDescriptor);

    /// <summary>On the loop: bytes in a buffer, or the end of this arm (<see cref="MultishotRequest.Armed"/> is false then).</summary>
    internal override void OnCompletion(int result, CqeFlags flags)
    {
        if (result > 0)
        {
            LentSlot slot = _pool!.LendReceived(result, flags, out int token);
            if (_finished || _stopRequested)
            {
                _pool.Return(slot, token);
            }
            else
            {
                _sink.OnReceived(slot, token);
            }
        }

        if (Armed)
        {
            if (!CancelRequested && (_sink.IsFull || _stopRequested || _closing))
            {
                _loop.CancelMultishot(this);
            }

            return;
        }

        ReleaseHandle();
        if (result == 0)
        {
            Finish(null);
            return;
        }

        if (result > 0)
        {
            // The kernel ended the request after delivering bytes (a full CQ ends multishot requests): arm it again.
            EndsAfterData++;
            Evaluate();
            return;
        }

        Errno error = ErrnoExtensions.FromResult(result);
        switch (error)
        {
            case Errno.ENOBUFS:
                // The group ran dry: the bytes wait in the socket until buffers come back (or a fallback takes them).
                Evaluate();
                return;
            case Errno.ECANCELED when _closing:
                Finish(Aborted());
                return;
            case Errno.ECANCELED when _loop.IsShutdownRequested:
                Finish(AsyncErrors.LoopDisposed());
                return;
            case Errno.ECANCELED:
                // Our own cancel: backpressure or a stop; Evaluate decides.
                Evaluate();
                return;
            default:
                Finish(AsyncErrors.ForSocket(error, $"receive (fd {_connection.FileDescriptor})"));
                return;
        }
    }

    /// <summary>
    /// Decides what the receiver does next (loop thread): with a request in flight only whether to cancel it; idle, whether
    /// to end, pause, arm the multishot receive, or wait for buffers (falling back while the application waits).
    /// </summary>
    private void Evaluate()
    {
        if (_finished)
        {
            return;
        }

        if (Armed || _fallbackPending)
        {
            if (Armed && !CancelRequested && (_sink.IsFull || _stopRequested || _closing))
            {
                _loop.CancelMultishot(this);
            }

            return;
        }

        _idle = true;
        Interlocked.MemoryBarrier(); // before reading the sink's state: see PokeIfIdle
        if (_closing)
        {
            Finish(Aborted());
            return;
        }

        if (_stopRequested)
        {
            Finish(null);
            return;
        }

        if (_loop.IsShutdownRequested)
        {
            Finish(AsyncErrors.LoopDisposed());
            return;
        }

        if (_sink.IsFull)
        {
            return; // paused: the sink pokes when the application consumed enough
        }

        if (_pool is null)
        {
            try
            {
                _pool = _loop.GetProvidedBufferPool();
            }
            catch (Exception e)
            {
                Finish(e);
                return;
            }
        }

        if (_pool.HasProvidedBuffers)
        {
            Arm();
            return;
        }

        if (!_starved)
        {
            _starved = true;
            _pool.AddStarved(this);
        }

        if (_sink.IsWaiting)
        {
            StartFallback();
        }
    }

    private void Arm()
    {
        if (_starved)
        {
            _starved = false;
            _pool!.RemoveStarved(this);
        }

        if (!_handleReferenced)
        {
            try
            {
                _connection.Handle.DangerousAddRef(ref _handleReferenced);
            }
            catch (ObjectDisposedException)
            {
                Finish(Aborted());
                return;
            }
        }

        if (!_loop.TryArmMultishot(this))
        {
            ReleaseHandle();
            Finish(AsyncErrors.LoopDisposed());
            return;
        }

        _idle = false;
    }

    /// <summary>
    /// The group is empty and the application waits: one ordinary receive into an overflow block (still copy-free: the
    /// kernel writes straight into it), then the receiver decides again.
    /// </summary>
    private void StartFallback()
    {
        _fallbackPending = true;
        _idle = false;
        FallbackReceives++;
        _ = FallbackAsync(_pool!.RentOverflow());
    }

    private async Task FallbackAsync(LentSlot block)
    {
        int received;
        Exception? error = null;
        try
        {
            received = await _loop.StartConnectionReceive(_connection, block.OverflowMemory(_pool!.BufferSize), ErrorDomain.Socket, TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception e)
        {
            received = -1;
            error = e;
        }

        _fallbackPending = false;
        if (received > 0)
        {
            int token = _pool!.LendOverflow(block, received);
            if (_stopRequested)
            {
                _pool.Return(block, token);
            }
            else
            {
                _sink.OnReceived(block, token);
            }

            Evaluate();
            return;
        }

        _pool!.ReturnUnused(block);
        Finish(received == 0 ? null : _closing ? Aborted() : error);
    }

    private void OnPoke()
    {
        Volatile.Write(ref _pokeQueued, 0);
        Evaluate();
    }

    /// <summary>Receiving is over (loop thread, nothing in flight): the sink is told, the slot and the handle go.</summary>
    private void Finish(Exception? error)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _idle = true;
        if (_starved)
        {
            _starved = false;
            _pool!.RemoveStarved(this);
        }

        ReleaseHandle();
        _loop.ReleaseMultishot(this);
        _sink.OnEnded(error);
        _ended.TrySetResult();
    }

    private void ReleaseHandle()
    {
        if (_handleReferenced)
        {
            _handleReferenced = false;
            _connection.Handle.DangerousRelease();
        }
    }

    /// <summary>The failure of a receive the connection's own close cut short, as on a disposed <see cref="System.Net.Sockets.Socket"/>.</summary>
    private Exception Aborted() => AsyncErrors.ForSocket(Errno.ECANCELED, $"receive (fd {_connection.FileDescriptor})");
}
