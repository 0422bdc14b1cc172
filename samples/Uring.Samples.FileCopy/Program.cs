using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using Uring;
using Uring.Samples.FileCopy;

// Copies a file through io_uring with a queue of reads and writes in flight.
//   dotnet run --project samples/Uring.Samples.FileCopy                 (copies a generated 256 MiB file)
//   dotnet run --project samples/Uring.Samples.FileCopy -- SRC DST [depth] [bufferKiB]
const int DefaultDepth = 16;
const int DefaultBufferKiB = 128;

bool demo = args.Length < 2;
string source = demo ? Path.Combine(Path.GetTempPath(), "uring-filecopy-source.bin") : args[0];
string destination = demo ? Path.Combine(Path.GetTempPath(), "uring-filecopy-copy.bin") : args[1];
int depth = args.Length > 2 ? int.Parse(args[2]) : DefaultDepth;
int bufferSize = (args.Length > 3 ? int.Parse(args[3]) : DefaultBufferKiB) * 1024;

if (demo)
{
    CreateSourceFile(source, 256L << 20);
}

using Ring ring = new(new RingOptions { Entries = depth * 2, NotifySucceed = true });
ring.Start();
Console.WriteLine($"io_uring ring: {ring.Features}");

int sourceFd = Open(ring, source, OpenFlags.ReadOnly);
int destinationFd = Open(ring, destination, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate);
long size = SizeOf(ring, sourceFd);

Stopwatch clock = Stopwatch.StartNew();
using CopyPipeline pipeline = new(ring, sourceFd, destinationFd, size, depth, bufferSize);
pipeline.Run();
Flush(ring, destinationFd);
clock.Stop();

Close(ring, sourceFd);
Close(ring, destinationFd);

double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"copied {pipeline.BytesCopied:N0} bytes from {source} to {destination}");
Console.WriteLine($"  {depth} buffers x {bufferSize / 1024} KiB in flight, {pipeline.Submissions:N0} requests, {pipeline.Completions:N0} completions");
Console.WriteLine($"  {seconds * 1000:F1} ms, {pipeline.BytesCopied / seconds / (1 << 20):F0} MB/s (including fsync)");

if (demo)
{
    bool same = Hash(source).AsSpan().SequenceEqual(Hash(destination));
    Console.WriteLine($"  verified: the copy is {(same ? "identical" : "DIFFERENT")} (SHA-256)");
    File.Delete(source);
    File.Delete(destination);
    return same ? 0 : 1;
}

return 0;

static int Open(Ring ring, string path, OpenFlags flags)
{
    ring.TryPrepareOpenAt(SqeContext.FromValue(0), FileDescriptors.CurrentDirectory, path, flags | OpenFlags.CloseOnExec, (UnixFileMode)0x1A4);
    return Complete(ring, $"open {path}");
}

static long SizeOf(Ring ring, int fd)
{
    // The kernel writes the result when the request completes: pinned memory, not a local.
    Statx[] statx = GC.AllocateArray<Statx>(1, pinned: true);
    ring.TryPrepareStatx(SqeContext.FromValue(0), fd, "", statx, StatxMask.Size, AtFlags.EmptyPath);
    Complete(ring, "statx");
    return (long)statx[0].Size;
}

static void Flush(Ring ring, int fd)
{
    ring.TryPrepareFsync(SqeContext.FromValue(0), fd);
    Complete(ring, "fsync");
}

static void Close(Ring ring, int fd)
{
    ring.TryPrepareClose(SqeContext.FromValue(0), fd);
    Complete(ring, "close");
}

static int Complete(Ring ring, string what)
{
    Span<CqeView> one = stackalloc CqeView[1];
    if (ring.Wait(one, 1, TimeSpan.FromSeconds(30)) != 1)
    {
        throw new TimeoutException($"{what}: no completion");
    }

    if (!one[0].IsSuccess)
    {
        throw new IOException($"{what} failed: {one[0].Error} ({one[0].Error.Describe()})");
    }

    return one[0].Result;
}

static void CreateSourceFile(string path, long size)
{
    byte[] block = new byte[1 << 20];
    Random.Shared.NextBytes(block);
    using FileStream stream = File.Create(path);
    for (long written = 0; written < size; written += block.Length)
    {
        block[0]++;
        stream.Write(block);
    }
}

static byte[] Hash(string path)
{
    using FileStream stream = File.OpenRead(path);
    return SHA256.HashData(stream);
}
