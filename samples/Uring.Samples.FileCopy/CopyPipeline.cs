using System;

namespace Uring.Samples.FileCopy;

/// <summary>
/// Copies one file to another with a fixed number of buffers in flight: every buffer cycles
/// read → write → read at the next free offset. The ring does all the I/O; this class only decides
/// what to queue next when a completion arrives.
/// </summary>
internal sealed class CopyPipeline : IDisposable
{
    private const ulong PhaseRead = 0;
    private const ulong PhaseWrite = 1;

    private readonly Ring _ring;
    private readonly int _source;
    private readonly int _destination;
    private readonly long _size;
    private readonly int _bufferSize;
    private readonly NativeBuffer _memory;
    private readonly Slot[] _slots;
    private long _nextOffset;

    public CopyPipeline(Ring ring, int source, int destination, long size, int depth, int bufferSize)
    {
        _ring = ring;
        _source = source;
        _destination = destination;
        _size = size;
        _bufferSize = bufferSize;
        _slots = new Slot[depth];

        // One native block for every buffer, which never moves. Each request pins its slice through the Memory
        // overloads until its completion, so disposing the pipeline mid-copy (an exception) frees the block only
        // once the kernel is done with it. Not zeroed: every byte is read into before it is written out.
        _memory = new NativeBuffer(depth * bufferSize, zeroed: false);
    }

    public long BytesCopied { get; private set; }

    public long Completions { get; private set; }

    public long Submissions { get; private set; }

    public void Run()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            QueueNextRead(i);
        }

        Span<CqeView> completions = stackalloc CqeView[64];
        while (BytesCopied < _size)
        {
            int count = _ring.Wait(completions, 1, TimeSpan.FromSeconds(30));
            if (count == 0)
            {
                throw new TimeoutException("No completion within 30 s.");
            }

            for (int i = 0; i < count; i++)
            {
                OnCompletion(completions[i]);
            }
        }
    }

    public void Dispose() => _memory.Dispose();

    private void OnCompletion(in CqeView cqe)
    {
        Completions++;
        cqe.ThrowIfError();
        int slot = (int)(cqe.Context.Value >> 1);
        ref Slot state = ref _slots[slot];
        if ((cqe.Context.Value & 1) == PhaseRead)
        {
            if (cqe.Result == 0)
            {
                throw new InvalidOperationException($"Unexpected end of file at offset {state.Offset}.");
            }

            state.Length = cqe.Result;
            state.Written = 0;
            QueueWrite(slot);
            return;
        }

        state.Written += cqe.Result;
        if (state.Written < state.Length)
        {
            QueueWrite(slot);
            return;
        }

        BytesCopied += state.Length;
        QueueNextRead(slot);
    }

    private void QueueNextRead(int slot)
    {
        if (_nextOffset >= _size)
        {
            return;
        }

        ref Slot state = ref _slots[slot];
        state.Offset = _nextOffset;
        int length = (int)Math.Min(_bufferSize, _size - _nextOffset);
        _nextOffset += length;
        Memory<byte> buffer = _memory.Memory.Slice(slot * _bufferSize, length);
        Enqueue(_ring.TryPrepareRead(Context(slot, PhaseRead), _source, buffer, state.Offset));
    }

    private void QueueWrite(int slot)
    {
        ref Slot state = ref _slots[slot];
        ReadOnlyMemory<byte> pending = _memory.Memory.Slice((slot * _bufferSize) + state.Written, state.Length - state.Written);
        Enqueue(_ring.TryPrepareWrite(Context(slot, PhaseWrite), _destination, pending, state.Offset + state.Written));
    }

    private void Enqueue(bool prepared)
    {
        // The ring has more entries than buffers in flight, so the SQ can never be full here.
        if (!prepared)
        {
            throw new InvalidOperationException("The submission queue is full.");
        }

        Submissions++;
    }

    private static SqeContext Context(int slot, ulong phase) => SqeContext.FromValue(((ulong)slot << 1) | phase);

    private struct Slot
    {
        public long Offset;
        public int Length;
        public int Written;
    }
}
