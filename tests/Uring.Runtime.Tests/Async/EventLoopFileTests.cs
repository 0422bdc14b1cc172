using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>File operations on the loop with real bytes, and their errors as .NET exceptions.</summary>
public sealed class EventLoopFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("uring-loop-files-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Open_write_flush_statx_read_and_close_a_file()
    {
        await using EventLoop loop = LoopFixtures.Start();
        string path = Path.Combine(_directory, "data.bin");
        byte[] payload = new byte[100_000];
        new Random(42).NextBytes(payload);

        await loop.RunAsync(async () =>
        {
            using SafeFileHandle file = await loop.OpenAsync(path, FileMode.CreateNew, FileAccess.ReadWrite);
            await loop.WriteAsync(file, payload, 0);
            await loop.WriteAsync(file, Encoding.ASCII.GetBytes("tail"), payload.Length);
            await loop.FlushAsync(file);
            await loop.FlushAsync(file, dataOnly: true);

            Statx status = await loop.StatxAsync(file);
            Assert.Equal((ulong)payload.Length + 4, status.Size);
            Assert.True((status.Mask & StatxMask.Size) != 0);

            Statx byPath = await loop.StatxAsync(path);
            Assert.Equal(status.Inode, byPath.Inode);

            byte[] back = new byte[payload.Length + 16];
            int total = 0;
            while (true)
            {
                int read = await loop.ReadAsync(file, back.AsMemory(total), total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            Assert.Equal(payload.Length + 4, total);
            Assert.Equal(payload, back[..payload.Length]);
            Assert.Equal("tail", Encoding.ASCII.GetString(back, payload.Length, 4));
        }).Bounded();

        // What the loop wrote is on disk for anyone.
        byte[] onDisk = File.ReadAllBytes(path);
        Assert.Equal(payload, onDisk[..payload.Length]);
    }

    [Fact]
    public async Task Operations_started_off_the_loop_travel_to_it_and_resume_off_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        string path = Path.Combine(_directory, "offloop.txt");
        File.WriteAllText(path, "hello from disk");

        int fd = await loop.OpenAtAsync(FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly | OpenFlags.CloseOnExec).Bounded();
        byte[] buffer = new byte[64];
        int read = await loop.ReadAsync(fd, buffer, 0).Bounded();
        Assert.Equal("hello from disk", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.NotEqual(loop.ManagedThreadId, Environment.CurrentManagedThreadId);

        Statx status = await loop.StatxAsync(fd).Bounded();
        Assert.Equal(15UL, status.Size);
        await loop.CloseAsync(fd).Bounded();
        string? target = Posix.FdTarget(fd);
        Assert.False(target?.EndsWith("offloop.txt", StringComparison.Ordinal) == true, $"fd {fd} still names {target}");
    }

    [Fact]
    public async Task CloseAsync_of_a_handle_closes_its_descriptor_and_invalidates_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        string path = Path.Combine(_directory, "close.txt");
        File.WriteAllText(path, "x");
        SafeFileHandle file = await loop.OpenAsync(path, FileMode.Open).Bounded();
        Assert.Equal(1L, RandomAccess.GetLength(file));

        await loop.CloseAsync(file).Bounded();

        Assert.True(file.IsInvalid || file.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.ReadAsync(file, new byte[1], 0).Bounded());
        Assert.Throws<ObjectDisposedException>(() => { _ = loop.CloseAsync(file); });
    }

    [Fact]
    public async Task Writes_to_a_pipe_at_the_file_position_deliver_every_byte()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            // Bigger than the pipe's 64 KiB: the write completes in parts while the reader drains.
            byte[] payload = new byte[300_000];
            new Random(3).NextBytes(payload);
            Task write = loop.WriteAsync(writeEnd, payload, -1).AsTask();
            byte[] received = new byte[payload.Length];
            int total = 0;
            while (total < payload.Length)
            {
                total += await loop.ReadAsync(readEnd, received.AsMemory(total), -1).Bounded();
            }

            await write.Bounded();
            Assert.Equal(payload, received);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public async Task A_missing_file_fails_the_await_with_FileNotFoundException_naming_ENOENT()
    {
        await using EventLoop loop = LoopFixtures.Start();
        string path = Path.Combine(_directory, "missing");

        ValueTask<SafeFileHandle> open = loop.OpenAsync(path, FileMode.Open);
        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => open.Bounded());
        Assert.Equal(path, error.FileName);
        Assert.Contains("ENOENT (2)", error.Message, StringComparison.Ordinal);

        FileNotFoundException statError = await Assert.ThrowsAsync<FileNotFoundException>(() => loop.StatxAsync(path).Bounded());
        Assert.Contains("ENOENT", statError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_on_descriptors_are_IOExceptions_carrying_the_errno()
    {
        await using EventLoop loop = LoopFixtures.Start();

        IOException badFd = await Assert.ThrowsAsync<IOException>(() => loop.ReadAsync(int.MaxValue - 7, new byte[8], 0).Bounded());
        Assert.Equal((int)Errno.EBADF, badFd.HResult);
        Assert.Contains("EBADF (9)", badFd.Message, StringComparison.Ordinal);

        int directory = await loop.OpenAtAsync(FileDescriptors.CurrentDirectory, _directory, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec).Bounded();
        try
        {
            IOException isDirectory = await Assert.ThrowsAsync<IOException>(() => loop.ReadAsync(directory, new byte[8], 0).Bounded());
            Assert.Equal((int)Errno.EISDIR, isDirectory.HResult);
        }
        finally
        {
            await loop.CloseAsync(directory).Bounded();
        }

        UnauthorizedAccessException denied = await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => loop.OpenAsync("/proc/sys/kernel/ostype", FileMode.Open, FileAccess.ReadWrite).Bounded());
        Assert.Contains("EACCES", denied.Message, StringComparison.Ordinal);

        ArgumentException nul = await Assert.ThrowsAsync<ArgumentException>(() => loop.OpenAsync("bad\0name", FileMode.Open).Bounded());
        Assert.Equal("path", nul.ParamName);
    }

    [Fact]
    public void Bad_arguments_throw_at_the_call_naming_the_parameter()
    {
        using EventLoop loop = LoopFixtures.Start();

        Assert.Equal("fileOffset", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.ReadAsync(0, new byte[1], -2); }).ParamName);
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.ReadAsync(0, new byte[1], 0, TimeSpan.Zero); }).ParamName);
        Assert.Equal("access", Assert.Throws<ArgumentException>(() => { _ = loop.OpenAsync("x", FileMode.Create, FileAccess.Read); }).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.OpenAsync("x", (FileMode)99); }).ParamName);
        Assert.Equal("delay", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = loop.DelayAsync(TimeSpan.FromTicks(-1)); }).ParamName);
        Assert.Equal("file", Assert.Throws<ArgumentNullException>(() => { _ = loop.ReadAsync(null!, new byte[1], 0); }).ParamName);
    }
}
