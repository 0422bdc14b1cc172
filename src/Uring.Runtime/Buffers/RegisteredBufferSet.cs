using System;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>Native, page-aligned memory for fixed buffers, plus the iovec array that registers it.</summary>
internal sealed unsafe class RegisteredBufferSet : IDisposable
{
    private const int PageSize = 4096;
    private byte* _memory;
    private IoVector* _vectors;

    public RegisteredBufferSet(int count, int size)
    {
        Count = count;
        Size = size;
        nuint stride = (nuint)StrideOf(size);
        _memory = (byte*)NativeMemory.AlignedAlloc(stride * (nuint)count, PageSize);
        NativeMemory.Clear(_memory, stride * (nuint)count);
        _vectors = (IoVector*)NativeMemory.Alloc((nuint)count, (nuint)sizeof(IoVector));
        for (int i = 0; i < count; i++)
        {
            _vectors[i] = new IoVector(_memory + ((nuint)i * stride), (nuint)size);
        }
    }

    public int Count { get; }

    /// <summary>The bytes each buffer occupies: its size rounded up to whole pages (what the kernel pins and accounts).</summary>
    public static long StrideOf(int size) => ((long)size + PageSize - 1) & ~(long)(PageSize - 1);

    public int Size { get; }

    public IoVector* Vectors => _vectors;

    /// <summary>Buffer <paramref name="index"/> (computed from the base address: nothing native is read).</summary>
    public Span<byte> Get(int index) => new(_memory + ((nuint)index * (nuint)StrideOf(Size)), Size);

    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.AlignedFree(_memory);
            NativeMemory.Free(_vectors);
            _memory = null;
            _vectors = null;
        }
    }
}
