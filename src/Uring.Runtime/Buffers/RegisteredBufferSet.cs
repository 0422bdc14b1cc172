using System;
using System.Buffers;
using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// The memory of a fixed-buffer table and the iovec array that registers it: native, page-aligned memory the set
/// owns, or the caller's memory (<see cref="Ring.RegisterBuffers(ReadOnlySpan{Memory{byte}})"/>), pinned by the set
/// until it is disposed.
/// </summary>
internal sealed unsafe class RegisteredBufferSet : IDisposable
{
    private const int PageSize = 4096;
    private byte* _memory;
    private IoVector* _vectors;
    private MemoryHandle[]? _pins;

    /// <summary><paramref name="count"/> buffers of <paramref name="size"/> bytes in one allocation the set owns, zeroed.</summary>
    public RegisteredBufferSet(int count, int size)
    {
        Count = count;
        nuint stride = (nuint)StrideOf(size);
        _memory = (byte*)NativeMemory.AlignedAlloc(stride * (nuint)count, PageSize);
        NativeMemory.Clear(_memory, stride * (nuint)count);
        _vectors = (IoVector*)NativeMemory.Alloc((nuint)count, (nuint)sizeof(IoVector));
        for (int i = 0; i < count; i++)
        {
            _vectors[i] = new IoVector(_memory + ((nuint)i * stride), (nuint)size);
        }
    }

    /// <summary>The caller's memory, one buffer per element, pinned here (the set releases the pins when disposed).</summary>
    public RegisteredBufferSet(ReadOnlySpan<Memory<byte>> buffers)
    {
        Count = buffers.Length;
        _pins = new MemoryHandle[buffers.Length];
        _vectors = (IoVector*)NativeMemory.Alloc((nuint)buffers.Length, (nuint)sizeof(IoVector));
        try
        {
            for (int i = 0; i < buffers.Length; i++)
            {
                _pins[i] = buffers[i].Pin();
                _vectors[i] = new IoVector((byte*)_pins[i].Pointer, (nuint)buffers[i].Length);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count { get; }

    public IoVector* Vectors => _vectors;

    /// <summary>The bytes each buffer occupies: its size rounded up to whole pages (what the kernel pins and accounts).</summary>
    public static long StrideOf(int size) => ((long)size + PageSize - 1) & ~(long)(PageSize - 1);

    /// <summary>The pages the kernel pins for all buffers (each buffer's first to last page), in bytes.</summary>
    public ulong PinnedBytes()
    {
        ulong total = 0;
        for (int i = 0; i < Count; i++)
        {
            ulong start = (ulong)_vectors[i].Base & ~(ulong)(PageSize - 1);
            ulong end = ((ulong)_vectors[i].Base + _vectors[i].Length + PageSize - 1) & ~(ulong)(PageSize - 1);
            total += end - start;
        }

        return total;
    }

    /// <summary>Buffer <paramref name="index"/>.</summary>
    public Span<byte> Get(int index) => new(_vectors[index].Base, (int)_vectors[index].Length);

    /// <summary>Frees the owned memory, or releases the caller's pins (a disposed <see cref="NativeBuffer"/> is freed then).</summary>
    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }

        if (_pins is { } pins)
        {
            _pins = null;
            foreach (MemoryHandle pin in pins)
            {
                pin.Dispose();
            }
        }

        if (_vectors != null)
        {
            NativeMemory.Free(_vectors);
            _vectors = null;
        }
    }
}
