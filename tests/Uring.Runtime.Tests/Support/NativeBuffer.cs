using System;
using System.Runtime.InteropServices;

namespace Uring.Tests.Support;

/// <summary>Native memory for kernel-held buffers in tests (never moves, freed on dispose).</summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    public NativeBuffer(int length)
    {
        Length = length;
        Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), 4096);
        Span.Clear();
    }

    public byte* Pointer { get; private set; }

    public int Length { get; }

    public Span<byte> Span => new(Pointer, Length);

    public void Dispose()
    {
        if (Pointer != null)
        {
            NativeMemory.AlignedFree(Pointer);
            Pointer = null;
        }
    }
}
