using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Uring.Hardening.Child.Support;

/// <summary>
/// Native buffers laid out as [guard][payload][guard], for requests the kernel writes into. Guards catch a
/// write past either end. A payload whose request completed is released: it is filled with a poison pattern
/// and never handed out again, so a kernel write that arrives after the completion (into memory the program
/// would have freed) changes the poison. Nothing is freed before <see cref="Verify"/> runs after the ring
/// stopped: that is the point, the memory stays mapped so a late write is caught rather than corrupting.
/// </summary>
internal sealed unsafe class CanaryArena : IDisposable
{
    public const int GuardBytes = 32;
    private const byte GuardByte = 0xA5;
    private const byte PoisonByte = 0x5A;
    private const int Free = 0;
    private const int InFlight = 1;
    private const int Released = 2;

    private readonly int _stride;
    private readonly int[] _state;
    private byte* _memory;
    private int _next = -1;

    public CanaryArena(int count, int payloadBytes)
    {
        Count = count;
        PayloadBytes = payloadBytes;
        _stride = payloadBytes + (2 * GuardBytes);
        _state = new int[count];
        nuint total = (nuint)count * (nuint)_stride;
        _memory = (byte*)NativeMemory.AlignedAlloc(total, 64);
        new Span<byte>(_memory, (int)total).Fill(GuardByte);
        for (int i = 0; i < count; i++)
        {
            Payload(i).Clear();
        }
    }

    public int Count { get; }

    public int PayloadBytes { get; }

    /// <summary>Hands out the next never-used slot (thread-safe), or -1 when all were used.</summary>
    public int TryTake()
    {
        int index = Interlocked.Increment(ref _next);
        if (index >= Count)
        {
            return -1;
        }

        _state[index] = InFlight;
        return index;
    }

    public Span<byte> Payload(int index) => new(_memory + ((nint)index * _stride) + GuardBytes, PayloadBytes);

    public byte* PayloadPointer(int index) => _memory + ((nint)index * _stride) + GuardBytes;

    /// <summary>The request on this slot completed: poison it; from now on nothing may write it.</summary>
    public void Release(int index)
    {
        Payload(index).Fill(PoisonByte);
        Volatile.Write(ref _state[index], Released);
    }

    /// <summary>Checks every guard, and the poison of every released slot. Returns how many buffers were handed out.</summary>
    public int Verify()
    {
        for (int i = 0; i < Count; i++)
        {
            byte* slot = _memory + ((nint)i * _stride);
            if (new Span<byte>(slot, GuardBytes).IndexOfAnyExcept(GuardByte) >= 0
                || new Span<byte>(slot + GuardBytes + PayloadBytes, GuardBytes).IndexOfAnyExcept(GuardByte) >= 0)
            {
                throw new InvalidOperationException($"Canary guard of buffer {i} was overwritten: the kernel wrote outside the buffer.");
            }

            if (Volatile.Read(ref _state[i]) == Released && Payload(i).IndexOfAnyExcept(PoisonByte) >= 0)
            {
                throw new InvalidOperationException($"Buffer {i} changed after its completion was reaped: a write into memory its owner had released.");
            }
        }

        return Math.Min(Volatile.Read(ref _next) + 1, Count);
    }

    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }
    }
}
