using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Uring;

/// <summary>
/// The <see cref="LoopDuplexPipe.Input"/> of a pipe that receives into provided buffers: a <see cref="PipeReader"/> whose
/// <see cref="ReadOnlySequence{T}"/> is the chain of buffers the kernel filled, lent by the loop's pool and never
/// copied. A buffer goes back to the loop's ring as soon as <see cref="AdvanceTo(SequencePosition, SequencePosition)"/>
/// consumes past it, so a connection holds only the bytes its application has not consumed.
/// </summary>
/// <remarks>
/// <para>The receiver appends on the loop thread; the application reads from any thread; the chain and the one pending
/// read are guarded by a lock. The pending read completes where the pipe's application scheduler says: inline on the
/// loop by default (no post, no allocation), else through the scheduler.</para>
/// <para>Semantics follow <see cref="Pipe"/>'s reader: a read returns at once while there are bytes the application has
/// not examined (or the input completed, or a cancel is pending); <c>examined</c> at the end makes the next read wait
/// for new bytes; one read at a time, each followed by <c>AdvanceTo</c>; the error the input completed with is thrown by
/// every read after it.</para>
/// </remarks>
internal sealed class ProvidedPipeReader : PipeReader, IValueTaskSource<ReadResult>, IProvidedReceiveSink
{
    private static readonly Action<object?> s_deliver = static state => ((ProvidedPipeReader)state!).DeliverPending();

    private readonly Lock _lock = new();
    private readonly EventLoop _loop;
    private readonly PipeScheduler? _scheduler;
    private readonly long _maxBuffered;
    private readonly Func<Exception?, Exception?> _mapEnd;
    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;
    private LentSlot? _head;
    private LentSlot? _tail;
    private int _headOffset;
    private long _nextIndex;
    private long _examinedIndex;
    private long _buffered;
    private bool _full;
    private bool _reading;
    private bool _waiting;
    private bool _cancelNext;
    private bool _readerCompleted;
    private bool _writerCompleted;
    private ExceptionDispatchInfo? _writerError;
    private PendingOutcome _outcome;

    /// <param name="connection">The connection the pipe receives from.</param>
    /// <param name="scheduler">Where a pending read's continuation runs; null for inline on the loop.</param>
    /// <param name="maxBuffered">Unconsumed bytes at which receiving pauses (it resumes below half); 0 for no limit.</param>
    /// <param name="mapEnd">What the input completes with when receiving ends (the pipe's abort reason wins, its own close is no error).</param>
    public ProvidedPipeReader(LoopConnection connection, PipeScheduler? scheduler, long maxBuffered, Func<Exception?, Exception?> mapEnd)
    {
        _loop = connection.Loop;
        _scheduler = scheduler;
        _maxBuffered = maxBuffered;
        _mapEnd = mapEnd;
        Receiver = new ProvidedReceiver(connection, this);
    }

    private enum PendingOutcome : byte
    {
        Data,
        Canceled,
        TokenCanceled,
    }

    public ProvidedReceiver Receiver { get; }

    /// <summary>Unconsumed bytes held (tests).</summary>
    internal long BufferedBytes
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    bool IProvidedReceiveSink.IsWaiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting;
            }
        }
    }

    bool IProvidedReceiveSink.IsFull => Volatile.Read(ref _full);

    /// <inheritdoc/>
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfReaderCompleted();
            if (_reading)
            {
                ThrowReadInProgress();
            }

            _writerError?.Throw();
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<ReadResult>(cancellationToken);
            }

            if (_cancelNext || _writerCompleted || _nextIndex > _examinedIndex)
            {
                _reading = true;
                bool canceled = _cancelNext;
                _cancelNext = false;
                return new ValueTask<ReadResult>(ResultLocked(canceled));
            }

            _reading = true;
            _waiting = true;
            _core.Reset();
            _token = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                // Under the lock, so no completion unregisters before it is set; a callback that runs at once only
                // takes the lock after this thread released it.
                _registration = cancellationToken.UnsafeRegister(static state => ((ProvidedPipeReader)state!).OnTokenCancelled(), this);
            }
        }

        short version = _core.Version;
        Receiver.PokeIfIdle();
        return new ValueTask<ReadResult>(this, version);
    }

    /// <inheritdoc/>
    public override bool TryRead(out ReadResult result)
    {
        lock (_lock)
        {
            ThrowIfReaderCompleted();
            if (_reading)
            {
                ThrowReadInProgress();
            }

            _writerError?.Throw();
            if (_cancelNext || _writerCompleted || _nextIndex > _examinedIndex)
            {
                _reading = true;
                bool canceled = _cancelNext;
                _cancelNext = false;
                result = ResultLocked(canceled);
                return true;
            }

            result = default;
            return false;
        }
    }

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        LentSlot? released = null;
        bool resume = false;
        lock (_lock)
        {
            ThrowIfReaderCompleted();
            if (!_reading || _waiting)
            {
                throw new InvalidOperationException("No read to complete: call AdvanceTo once after each ReadAsync or TryRead that returned a result.");
            }

            long start = HeadIndexLocked();
            long consumedIndex = IndexOfLocked(consumed, start);
            long examinedIndex = IndexOfLocked(examined, start);
            if (consumedIndex < start || consumedIndex > _nextIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(consumed), "The consumed position is not inside the buffer of the last read.");
            }

            if (examinedIndex < consumedIndex || examinedIndex > _nextIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(examined), "The examined position must lie between the consumed position and the end of the buffer of the last read.");
            }

            _reading = false;
            _examinedIndex = examinedIndex;
            released = ConsumeLocked(consumedIndex);
            if (_full && _buffered < _maxBuffered / 2)
            {
                Volatile.Write(ref _full, false);
                resume = true;
            }
        }

        ReturnChain(released);
        if (resume)
        {
            Receiver.Poke();
        }
    }

    /// <inheritdoc/>
    public override void CancelPendingRead()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _cancelNext = true;
                return;
            }

            _waiting = false;
            _outcome = PendingOutcome.Canceled;
        }

        Deliver();
    }

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null)
    {
        LentSlot? released;
        bool wasWaiting;
        lock (_lock)
        {
            if (_readerCompleted)
            {
                return;
            }

            _readerCompleted = true;
            _reading = false;
            released = _head;
            _head = null;
            _tail = null;
            _headOffset = 0;
            _buffered = 0;

            // A read still waiting (completed from another thread) ends empty rather than never.
            wasWaiting = _waiting;
            _waiting = false;
            _outcome = PendingOutcome.Data;
        }

        ReturnChain(released);
        Receiver.Stop();
        if (wasWaiting)
        {
            Deliver();
        }
    }

    /// <summary>Completes the input with <paramref name="error"/> (the pipe's abort), unless it completed already. Any thread.</summary>
    public void CompleteWriter(Exception? error)
    {
        lock (_lock)
        {
            if (_writerCompleted)
            {
                return;
            }

            _writerCompleted = true;
            _writerError = error is null ? null : ExceptionDispatchInfo.Capture(error);
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
            _outcome = PendingOutcome.Data;
        }

        Deliver();
    }

    void IProvidedReceiveSink.OnReceived(LentSlot slot, int token)
    {
        bool unread = false;
        lock (_lock)
        {
            if (_readerCompleted)
            {
                unread = true; // the application completed the input: nobody reads these bytes
            }
            else
            {
                slot.Place(_nextIndex);
                _nextIndex += slot.Length;
                _buffered += slot.Length;
                if (_tail is null)
                {
                    _head = slot;
                    _headOffset = 0;
                }
                else
                {
                    _tail.Link(slot);
                }

                _tail = slot;
                if (_maxBuffered > 0 && _buffered >= _maxBuffered)
                {
                    Volatile.Write(ref _full, true);
                }

                if (!_waiting)
                {
                    return;
                }

                _waiting = false;
                _outcome = PendingOutcome.Data;
            }
        }

        if (unread)
        {
            slot.Pool.Return(slot, token);
        }
        else
        {
            Deliver();
        }
    }

    void IProvidedReceiveSink.OnEnded(Exception? error) => CompleteWriter(_mapEnd(error));

    void IProvidedReceiveSink.OnConnectionClosing()
    {
        // The bytes already received stay readable: the application still completes the input, which returns them.
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token)
    {
        bool canceled = _core.GetResult(token);
        return GetPendingResult(canceled);
    }

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // Like a Pipe created with useSynchronizationContext: false, the scheduler decides where the continuation runs,
        // and the completion is delivered there (Deliver), so it runs inline from it.
        _core.OnCompleted(continuation, state, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
    }

    /// <summary>What a completed pending read returns (the awaiter of <see cref="ReadAsync"/> gets it through this source).</summary>
    private ReadResult GetPendingResult(bool canceled)
    {
        lock (_lock)
        {
            if (_writerError is not null)
            {
                // As with Pipe, a read that throws the writer's error is no read in progress: the caller's next read (or
                // a drain after the failure) throws the same error instead of "a read is already in progress".
                _reading = false;
                _writerError.Throw();
            }

            return ResultLocked(canceled);
        }
    }

    private ReadResult ResultLocked(bool canceled)
    {
        ReadOnlySequence<byte> buffer = _head is null ? default : new ReadOnlySequence<byte>(_head, _headOffset, _tail!, _tail!.Length);
        return new ReadResult(buffer, canceled, _writerCompleted);
    }

    /// <summary>Completes the pending read on the thread its continuation belongs on.</summary>
    private void Deliver()
    {
        _registration.Unregister();
        _registration = default;
        if (_scheduler is not null)
        {
            _scheduler.Schedule(s_deliver, this);
        }
        else if (_loop.IsOnLoopThread || !_loop.TryRunOnLoop(s_deliver, this))
        {
            // On the loop: inline. After the loop's shutdown nobody runs loop work: here.
            DeliverPending();
        }
    }

    private void DeliverPending()
    {
        switch (_outcome)
        {
            case PendingOutcome.TokenCanceled:
                _core.SetException(new OperationCanceledException(_token));
                break;
            case PendingOutcome.Canceled:
                _core.SetResult(true);
                break;
            default:
                _core.SetResult(false);
                break;
        }
    }

    private void OnTokenCancelled()
    {
        lock (_lock)
        {
            if (!_waiting || !_token.IsCancellationRequested)
            {
                return; // completed meanwhile, or a later read with another token waits now
            }

            _waiting = false;
            _reading = false; // a cancelled read needs no AdvanceTo
            _outcome = PendingOutcome.TokenCanceled;
        }

        Deliver();
    }

    private long HeadIndexLocked() => _head is null ? _nextIndex : _head.RunningIndex + _headOffset;

    /// <summary>A position's index in the stream of received bytes; a position of an empty buffer is its start.</summary>
    private static long IndexOfLocked(SequencePosition position, long start)
    {
        object? segment = position.GetObject();
        if (segment is null)
        {
            return start;
        }

        if (segment is not LentSlot slot)
        {
            throw new ArgumentException("The position does not belong to a buffer this reader returned.", nameof(position));
        }

        return slot.RunningIndex + position.GetInteger();
    }

    /// <summary>Drops the bytes before <paramref name="consumedIndex"/>; returns the chain of buffers that are now fully consumed.</summary>
    private LentSlot? ConsumeLocked(long consumedIndex)
    {
        LentSlot? first = _head;
        LentSlot? last = null;
        LentSlot? segment = _head;
        while (segment is not null && segment.RunningIndex + segment.Length <= consumedIndex)
        {
            last = segment;
            segment = segment.NextSlot;
        }

        _buffered = _nextIndex - consumedIndex;
        if (last is null)
        {
            if (segment is not null)
            {
                _headOffset = (int)(consumedIndex - segment.RunningIndex);
            }

            return null;
        }

        last.Link(null);
        _head = segment;
        if (segment is null)
        {
            _tail = null;
            _headOffset = 0;
        }
        else
        {
            _headOffset = (int)(consumedIndex - segment.RunningIndex);
        }

        return first;
    }

    /// <summary>Gives a chain of consumed buffers back to the loop's ring (outside the lock).</summary>
    private static void ReturnChain(LentSlot? slot)
    {
        while (slot is not null)
        {
            LentSlot? next = slot.NextSlot;
            slot.Pool.Return(slot, slot.Token);
            slot = next;
        }
    }

    private void ThrowIfReaderCompleted()
    {
        if (_readerCompleted)
        {
            throw new InvalidOperationException("Reading is not allowed after the reader was completed.");
        }
    }

    private static void ThrowReadInProgress()
        => throw new InvalidOperationException("A read is already in progress: call AdvanceTo after each read before reading again (concurrent reads are not supported).");
}
