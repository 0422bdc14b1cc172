using System;
using System.IO;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace Uring.Benchmarks;

/// <summary>
/// Random 4 KiB reads from a page-cached file, side by side: Uring with <see cref="QueueDepth"/> reads per
/// system call against <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>, one call per read,
/// which is what a .NET user would write instead.
/// </summary>
[MemoryDiagnoser]
public unsafe class FileReadBenchmarks
{
    private const int BlockSize = 4096;
    private const int FileBlocks = 4096;
    private string _path = null!;
    private SafeFileHandle _handle = null!;
    private Ring _ring = null!;
    private CqeView[] _completions = null!;
    private byte* _buffers;
    private int _fd;
    private int _next;

    [Params(1, 16)]
    public int QueueDepth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "uring-bench-read.bin");
        byte[] data = new byte[BlockSize * FileBlocks];
        Random.Shared.NextBytes(data);
        File.WriteAllBytes(_path, data);
        _handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read);
        _fd = (int)_handle.DangerousGetHandle();
        _ring = new Ring(new RingOptions { Entries = 64, NotifySucceed = true });
        _ring.Start();
        _completions = new CqeView[64];
        _buffers = (byte*)NativeMemory.AlignedAlloc(BlockSize * 16, 4096);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _handle.Dispose();
        NativeMemory.AlignedFree(_buffers);
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "RandomAccess.Read x depth")]
    public long RandomAccessRead()
    {
        long total = 0;
        for (int i = 0; i < QueueDepth; i++)
        {
            total += RandomAccess.Read(_handle, new Span<byte>(_buffers + (i * BlockSize), BlockSize), NextOffset());
        }

        return total;
    }

    [Benchmark(Description = "Uring read x depth, one enter")]
    public long UringRead()
    {
        for (int i = 0; i < QueueDepth; i++)
        {
            _ring.TryPrepareRead(SqeContext.FromValue((ulong)i), _fd, new Span<byte>(_buffers + (i * BlockSize), BlockSize), NextOffset());
        }

        long total = 0;
        int reaped = 0;
        while (reaped < QueueDepth)
        {
            int got = _ring.Wait(_completions, QueueDepth - reaped, TimeSpan.FromSeconds(1));
            for (int i = 0; i < got; i++)
            {
                total += _completions[i].Result;
            }

            reaped += got;
        }

        return total;
    }

    private long NextOffset()
    {
        _next = (_next * 1103515245 + 12345) & 0x7fffffff;
        return (long)(_next % FileBlocks) * BlockSize;
    }
}
