using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Uring;

namespace Uring.Samples.FileCopy;

/// <summary>
/// The same copy written with async/await on an <see cref="EventLoop"/>: <see cref="QueueDepth"/> copy tasks run on the
/// loop, each with its own buffer, each taking the next chunk, reading it (<see cref="EventLoop.ReadAsync(SafeFileHandle, Memory{byte}, long, System.Threading.CancellationToken)"/>)
/// and writing it (<see cref="EventLoop.WriteAsync(SafeFileHandle, ReadOnlyMemory{byte}, long, System.Threading.CancellationToken)"/>)
/// at its offset. So up to <see cref="QueueDepth"/> requests are in flight, and every await resumes on the loop thread:
/// the shared offset needs no lock.
/// </summary>
internal sealed class AsyncCopy(EventLoop loop, int queueDepth, int bufferSize)
{
    private long _nextOffset;
    private long _size;

    public int QueueDepth => queueDepth;

    public long BytesCopied { get; private set; }

    public long Requests { get; private set; }

    /// <summary>Opens both files, copies, flushes the copy to storage and closes both; runs on the loop.</summary>
    public async Task RunAsync(string source, string destination)
    {
        using SafeFileHandle input = await loop.OpenAsync(source, FileMode.Open, FileAccess.Read);
        using SafeFileHandle output = await loop.OpenAsync(destination, FileMode.Create, FileAccess.Write);
        Statx status = await loop.StatxAsync(input, StatxMask.Size);
        _size = (long)status.Size;
        Requests += 3;

        Task[] copiers = new Task[queueDepth];
        for (int i = 0; i < queueDepth; i++)
        {
            copiers[i] = CopyChunks(input, output);
        }

        await Task.WhenAll(copiers);
        await loop.FlushAsync(output);
        Requests++;
    }

    private async Task CopyChunks(SafeFileHandle input, SafeFileHandle output)
    {
        // The loop pins the buffer while the kernel uses it; a pinned-heap array makes that free.
        byte[] array = GC.AllocateUninitializedArray<byte>(bufferSize, pinned: true);
        Memory<byte> buffer = MemoryMarshal.CreateFromPinnedArray(array, 0, array.Length);
        while (_nextOffset < _size)
        {
            long offset = _nextOffset;
            int length = (int)Math.Min(bufferSize, _size - offset);
            _nextOffset += length;
            for (int read = 0; read < length;)
            {
                int got = await loop.ReadAsync(input, buffer[read..length], offset + read);
                Requests++;
                if (got == 0)
                {
                    throw new IOException($"Unexpected end of file at offset {offset + read}: the source shrank while it was copied.");
                }

                read += got;
            }

            // Writes all of it (a short write goes on by itself).
            await loop.WriteAsync(output, buffer[..length], offset);
            Requests++;
            BytesCopied += length;
        }
    }
}
