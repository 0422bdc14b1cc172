using System;

namespace Uring;

/// <summary>
/// Completions read in place in the CQ ring: what <see cref="Ring.PeekCompletions"/> or
/// <see cref="Ring.WaitCompletions"/> found, enumerated with <c>foreach</c> without copying them out, then released to
/// the kernel all at once with <see cref="Advance"/> (one store of the CQ head, as liburing's <c>io_uring_cq_advance</c>).
/// </summary>
/// <remarks>
/// <para>The CQEs stay in the kernel's ring until <see cref="Advance"/>: the kernel cannot post new completions into
/// their slots, and may overwrite them once they were advanced. So a batch is valid only until it is advanced, and
/// everything that could outlive that is refused: the type is a <c>ref struct</c> (it cannot be stored in a field,
/// boxed or captured), each <see cref="CqeView"/> it yields is a copy, and enumerating a batch whose completions were
/// advanced meanwhile (through this batch, a copy of it, <see cref="Ring.Reap(Span{CqeView})"/> or a wait), or
/// whose ring was stopped or resized, throws <see cref="InvalidOperationException"/> instead of reading a slot
/// the kernel may have reused.</para>
/// <para>Not advancing is not a leak: the next peek or reap sees the same completions again. Advance each batch
/// once, after handling all of it; a second <see cref="Advance"/> of the same completions throws.</para>
/// </remarks>
[BorrowedView]
public unsafe ref struct CompletionBatch
{
    private readonly Ring? _ring;
    private readonly uint _head;
    private readonly uint _generation;
    private bool _advanced;

    internal CompletionBatch(Ring ring, uint head, uint slots, uint generation)
    {
        _ring = ring;
        _head = head;
        Slots = (int)slots;
        _generation = generation;
        _advanced = false;
    }

    /// <summary>
    /// How many CQ slots the batch holds: the number of completions, except on a <see cref="RingOptions.CqeMixed"/>
    /// ring, where a 32-byte completion takes two slots and padding entries (which are not yielded) take one.
    /// </summary>
    public readonly int Slots { get; }

    /// <summary>True when there is nothing to enumerate.</summary>
    public readonly bool IsEmpty => Slots == 0;

    /// <summary>The enumerator <c>foreach</c> uses.</summary>
    /// <exception cref="InvalidOperationException">This batch was advanced already.</exception>
    public readonly Enumerator GetEnumerator()
    {
        if (_advanced)
        {
            throw new InvalidOperationException("The completion batch was advanced: its CQ slots belong to the kernel again. Peek a new batch.");
        }

        return new Enumerator(_ring, _head, (uint)Slots, _generation);
    }

    /// <summary>
    /// Releases the batch's CQ slots to the kernel (one store of the CQ head). Call it once, after handling every
    /// completion of the batch; nothing of the batch may be read afterwards. Does nothing for an empty batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The completions were advanced already (by this batch or a copy of it, or reaped by another call meanwhile), the
    /// ring was resized since, or the ring is used from a thread that does not own it.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    [IssuerThreadOnly]
    [ObservesCompletion]
    public void Advance()
    {
        if (_ring is null || Slots == 0)
        {
            return;
        }

        if (_advanced)
        {
            throw new InvalidOperationException("The completion batch was advanced already: advance each batch once.");
        }

        _ring.AdvanceCompletions(_head, (uint)Slots, _generation);
        _advanced = true;
    }

    /// <summary>Walks a batch's completions in the CQ ring, yielding each as a <see cref="CqeView"/> copy.</summary>
    public ref struct Enumerator
    {
        private readonly Ring? _ring;
        private readonly uint _head;
        private readonly uint _slots;
        private readonly uint _generation;
        private uint _next;
        private CqeView _current;

        internal Enumerator(Ring? ring, uint head, uint slots, uint generation)
        {
            _ring = ring;
            _head = head;
            _slots = slots;
            _generation = generation;
            _next = 0;
            _current = default;
        }

        /// <summary>The completion at the enumerator's position (a copy; it stays valid after the batch is advanced).</summary>
        public readonly CqeView Current => _current;

        /// <summary>Moves to the next completion; false after the last one.</summary>
        /// <exception cref="InvalidOperationException">The batch's completions were advanced, or its ring stopped or resized, since it was peeked.</exception>
        public bool MoveNext()
        {
            if (_ring is null)
            {
                return false;
            }

            return _ring.TryReadInPlace(_head, _slots, _generation, ref _next, out _current);
        }
    }
}
