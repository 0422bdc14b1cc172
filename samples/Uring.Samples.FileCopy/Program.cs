using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using Uring;
using Uring.Samples.FileCopy;
using Uring.Samples.Shared;

// Copies a file through io_uring with a queue of reads and writes in flight, on the raw ring (the default) or with
// async/await on an EventLoop (--async).
//   dotnet run --project samples/Uring.Samples.FileCopy                 (copies a generated 256 MiB file and verifies it)
//   dotnet run --project samples/Uring.Samples.FileCopy -- --async --queue-depth 16
//   dotnet run --project samples/Uring.Samples.FileCopy -- SRC DST [depth] [bufferKiB] [--async] [--queue-depth N] [--buffer-kib N] [--verify]
const int DefaultDepth = 16;
const int DefaultBufferKiB = 128;

CommandLine options = new(args);
bool useLoop, verifyAlways;
int demoMiB;
int? depthOption, bufferOption;
System.Collections.Generic.IReadOnlyList<string> positional;
try
{
    useLoop = options.Flag("--async");
    verifyAlways = options.Flag("--verify");
    demoMiB = options.Int("--size-mib", 256);
    depthOption = options.Int("--queue-depth", 0) is > 0 and int d ? d : null;
    bufferOption = options.Int("--buffer-kib", 0) is > 0 and int b ? b : null;
    positional = options.Positional();
    options.RejectUnknown();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

bool demo = positional.Count < 2;
string source = demo ? Path.Combine(Path.GetTempPath(), "uring-filecopy-source.bin") : positional[0];
string destination = demo ? Path.Combine(Path.GetTempPath(), "uring-filecopy-copy.bin") : positional[1];
int depth = depthOption ?? (positional.Count > 2 ? int.Parse(positional[2]) : DefaultDepth);
int bufferSize = (bufferOption ?? (positional.Count > 3 ? int.Parse(positional[3]) : DefaultBufferKiB)) * 1024;
if (depth < 1 || bufferSize < 1 || demoMiB < 1)
{
    Console.Error.WriteLine("usage: [SRC DST [depth] [bufferKiB]] [--async] [--queue-depth N] [--buffer-kib N] [--size-mib N (demo file)] [--verify]");
    return 64;
}

if (demo)
{
    CreateSourceFile(source, (long)demoMiB << 20);
}

Stopwatch clock;
long copied;
if (useLoop)
{
    await using EventLoop loop = new(new EventLoopOptions { Entries = Math.Max(depth * 2, 8) });
    AsyncCopy copy = new(loop, depth, bufferSize);
    clock = Stopwatch.StartNew();
    await loop.RunAsync(() => copy.RunAsync(source, destination));
    clock.Stop();
    copied = copy.BytesCopied;
    Console.WriteLine($"copied {copied:N0} bytes from {source} to {destination} with async/await on an EventLoop");
    Console.WriteLine($"  queue depth {depth}: {depth} copy tasks x {bufferSize / 1024} KiB buffers, {copy.Requests:N0} requests awaited (open, statx, reads, writes, fsync)");
}
else
{
    using Ring ring = new(new RingOptions { Entries = depth * 2, NotifySucceed = true });
    ring.Start();
    Console.WriteLine($"io_uring ring: {ring.Features}");

    int sourceFd = Open(ring, source, OpenFlags.ReadOnly);
    int destinationFd = Open(ring, destination, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate);
    long size = SizeOf(ring, sourceFd);

    clock = Stopwatch.StartNew();
    using CopyPipeline pipeline = new(ring, sourceFd, destinationFd, size, depth, bufferSize);
    pipeline.Run();
    Flush(ring, destinationFd);
    clock.Stop();

    Close(ring, sourceFd);
    Close(ring, destinationFd);
    copied = pipeline.BytesCopied;
    Console.WriteLine($"copied {copied:N0} bytes from {source} to {destination}");
    Console.WriteLine($"  {depth} buffers x {bufferSize / 1024} KiB in flight, {pipeline.Submissions:N0} requests, {pipeline.Completions:N0} completions");
}

double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"  {seconds * 1000:F1} ms, {copied / seconds / (1 << 20):F0} MB/s (including fsync)");

bool same = true;
if (demo || verifyAlways)
{
    same = Hash(source).AsSpan().SequenceEqual(Hash(destination));
    Console.WriteLine($"  verified: the copy is {(same ? "identical" : "DIFFERENT")} (SHA-256)");
}

if (demo)
{
    File.Delete(source);
    File.Delete(destination);
}

return same ? 0 : 1;

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
