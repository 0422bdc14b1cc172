using System;
using System.IO;
using System.Linq;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>Splice, tee and pipe on a real kernel, checked byte by byte.</summary>
public sealed class TransferTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Ring _ring = TestRings.Started();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Splice_file_to_pipe_to_file_with_both_offsets()
    {
        byte[] source = Enumerable.Range(0, 64 << 10).Select(i => (byte)(i * 31 + 7)).ToArray();
        string sourcePath = _directory.File("source.bin");
        string targetPath = _directory.File("target.bin");
        File.WriteAllBytes(sourcePath, source);
        using FileStream input = File.OpenRead(sourcePath);
        using FileStream output = new(targetPath, FileMode.Create, FileAccess.ReadWrite);
        int inputFd = (int)input.SafeFileHandle.DangerousGetHandle();
        int outputFd = (int)output.SafeFileHandle.DangerousGetHandle();
        (int pipeRead, int pipeWrite) = Posix.Pipe();
        try
        {
            // file @8192 -> pipe, then (linked) pipe -> file @100: one submission, in order.
            Assert.True(_ring.TryPrepareSplice(SqeContext.FromValue(1), inputFd, pipeWrite, 4096, inputOffset: 8192, options: OpOptions.Linked));
            Assert.True(_ring.TryPrepareSplice(SqeContext.FromValue(2), pipeRead, outputFd, 4096, outputOffset: 100));
            CqeView[] both = _ring.WaitMany(2);
            Assert.Equal(4096, both.Single(c => c.Context.Value == 1).Result);
            Assert.Equal(4096, both.Single(c => c.Context.Value == 2).Result);

            byte[] written = File.ReadAllBytes(targetPath);
            Assert.Equal(4196, written.Length);
            Assert.True(written.AsSpan(0, 100).IndexOfAnyExcept((byte)0) < 0);
            Assert.True(written.AsSpan(100).SequenceEqual(source.AsSpan(8192, 4096)));

            // Explicit offsets leave both file positions alone.
            Span<byte> first = stackalloc byte[4];
            Assert.Equal(4, Posix.Read(inputFd, first));
            Assert.True(first.SequenceEqual(source.AsSpan(0, 4)));
            Assert.Equal(0, output.Position);

            // Offset -1 on the input file uses (and advances) its position, now 4.
            Assert.Equal(10, _ring.ResultOf(3, _ring.TryPrepareSplice(SqeContext.FromValue(3), inputFd, pipeWrite, 10)));
            Span<byte> moved = stackalloc byte[10];
            Assert.Equal(10, Posix.Read(pipeRead, moved));
            Assert.True(moved.SequenceEqual(source.AsSpan(4, 10)));

            // An offset on the pipe side is invalid.
            Assert.Equal(-(int)Errno.ESPIPE, _ring.ResultOf(4, _ring.TryPrepareSplice(SqeContext.FromValue(4), inputFd, pipeWrite, 10, inputOffset: 0, outputOffset: 0)));
        }
        finally
        {
            Posix.CloseQuietly(ref pipeRead);
            Posix.CloseQuietly(ref pipeWrite);
        }
    }

    [Fact]
    public void Splice_end_of_input_returns_zero()
    {
        string path = _directory.File("empty.bin");
        File.WriteAllBytes(path, []);
        using FileStream input = File.OpenRead(path);
        (int pipeRead, int pipeWrite) = Posix.Pipe();
        try
        {
            Assert.Equal(0, _ring.ResultOf(5, _ring.TryPrepareSplice(SqeContext.FromValue(5), (int)input.SafeFileHandle.DangerousGetHandle(), pipeWrite, 100, inputOffset: 0)));
        }
        finally
        {
            Posix.CloseQuietly(ref pipeRead);
            Posix.CloseQuietly(ref pipeWrite);
        }
    }

    [Fact]
    public void Splice_from_a_registered_input_slot()
    {
        (int pipeRead, int pipeWrite) = Posix.Pipe();
        (int otherRead, int otherWrite) = Posix.Pipe();
        try
        {
            _ring.RegisterFiles([-1, pipeRead]);
            Assert.Equal(5, Posix.Write(pipeWrite, "fixed"u8));
            Assert.Equal(5, _ring.ResultOf(6, _ring.TryPrepareSplice(SqeContext.FromValue(6), 1, otherWrite, 5, flags: SpliceFlags.InputFdFixed)));
            Span<byte> got = stackalloc byte[5];
            Assert.Equal(5, Posix.Read(otherRead, got));
            Assert.Equal("fixed", Encoding.ASCII.GetString(got));
        }
        finally
        {
            Posix.CloseQuietly(ref pipeRead);
            Posix.CloseQuietly(ref pipeWrite);
            Posix.CloseQuietly(ref otherRead);
            Posix.CloseQuietly(ref otherWrite);
        }
    }

    [Fact]
    public void Tee_duplicates_without_consuming()
    {
        (int aRead, int aWrite) = Posix.Pipe();
        (int bRead, int bWrite) = Posix.Pipe();
        try
        {
            Assert.Equal(5, Posix.Write(aWrite, "hello"u8));
            Assert.Equal(5, _ring.ResultOf(7, _ring.TryPrepareTee(SqeContext.FromValue(7), aRead, bWrite, 64)));
            Span<byte> copy = stackalloc byte[16];
            Assert.Equal(5, Posix.Read(bRead, copy));
            Assert.Equal("hello", Encoding.ASCII.GetString(copy[..5]));
            Span<byte> original = stackalloc byte[16];
            Assert.Equal(5, Posix.Read(aRead, original));
            Assert.Equal("hello", Encoding.ASCII.GetString(original[..5]));

            // Nothing buffered and the writer closed: 0.
            Posix.CloseQuietly(ref aWrite);
            aWrite = -1;
            Assert.Equal(0, _ring.ResultOf(8, _ring.TryPrepareTee(SqeContext.FromValue(8), aRead, bWrite, 64)));
        }
        finally
        {
            Posix.CloseQuietly(ref aRead);
            Posix.CloseQuietly(ref aWrite);
            Posix.CloseQuietly(ref bRead);
            Posix.CloseQuietly(ref bWrite);
        }
    }

    [Fact]
    public void Pipe_gives_two_usable_fds_with_the_requested_flags()
    {
        PipeDescriptors[] result = GC.AllocateArray<PipeDescriptors>(1, pinned: true);
        result[0] = new PipeDescriptors { Read = -1, Write = -1 };
        Assert.Equal(0, _ring.ResultOf(10, _ring.TryPreparePipe(SqeContext.FromValue(10), result, OpenFlags.CloseOnExec | OpenFlags.NonBlock)));
        (int read, int write) = (result[0].Read, result[0].Write);
        try
        {
            Assert.True(read > 2 && write > 2 && read != write);
            Assert.Equal(Posix.FdCloexec, Posix.GetFdFlags(read) & Posix.FdCloexec);
            Assert.Equal(Posix.ONonBlock, Posix.GetStatusFlags(write) & Posix.ONonBlock);

            Span<byte> buffer = stackalloc byte[8];
            Assert.Equal(-1, Posix.Read(read, buffer));
            Assert.Equal((int)Errno.EAGAIN, Posix.LastErrno);

            Assert.Equal(4, Posix.Write(write, "pipe"u8));
            Assert.Equal(4, Posix.Read(read, buffer));
            Assert.Equal("pipe", Encoding.ASCII.GetString(buffer[..4]));
        }
        finally
        {
            Posix.CloseQuietly(ref read);
            Posix.CloseQuietly(ref write);
        }

        Assert.Equal(0, _ring.ResultOf(11, _ring.TryPreparePipe(SqeContext.FromValue(11), result)));
        Assert.Equal(0, Posix.GetFdFlags(result[0].Read) & Posix.FdCloexec);
        Posix.CloseQuietly(ref result[0].Read);
        Posix.CloseQuietly(ref result[0].Write);
    }

    [Fact]
    public void Pipe_into_a_slot_installs_both_ends_in_consecutive_slots()
    {
        _ring.RegisterFilesSparse(8);
        PipeDescriptors[] result = GC.AllocateArray<PipeDescriptors>(1, pinned: true);
        result[0] = new PipeDescriptors { Read = -7, Write = -7 };
        Assert.Equal(0, _ring.ResultOf(20, _ring.TryPreparePipe(SqeContext.FromValue(20), result, target: FileTarget.Slot(2))));
        Assert.Equal(2, result[0].Read);
        Assert.Equal(3, result[0].Write);

        using NativeBuffer data = new(16);
        "direct"u8.CopyTo(data.Span);
        Assert.Equal(6, _ring.ResultOf(21, _ring.TryPrepareWrite(SqeContext.FromValue(21), 3, data.Span[..6], options: OpOptions.FixedFile)));
        using NativeBuffer back = new(16);
        Assert.Equal(6, _ring.ResultOf(22, _ring.TryPrepareRead(SqeContext.FromValue(22), 2, back.Span, options: OpOptions.FixedFile)));
        Assert.Equal("direct", Encoding.ASCII.GetString(back.Span[..6]));

        // The kernel refuses O_CLOEXEC for slots (EINVAL); TryPreparePipe does not send it there, so the same flags
        // put a pipe in slots 4 and 5.
        Assert.Equal(0, _ring.ResultOf(23, _ring.TryPreparePipe(SqeContext.FromValue(23), result, OpenFlags.CloseOnExec, FileTarget.Slot(4))));
        Assert.Equal(4, result[0].Read);
        Assert.Equal(5, result[0].Write);
        Assert.Equal(1, _ring.ResultOf(24, _ring.TryPrepareWrite(SqeContext.FromValue(24), 5, data.Span[..1], options: OpOptions.FixedFile)));
        Assert.Equal(1, _ring.ResultOf(25, _ring.TryPrepareRead(SqeContext.FromValue(25), 4, back.Span, options: OpOptions.FixedFile)));
        Assert.Equal((byte)'d', back.Span[0]);
    }

    [Fact]
    public void Pipe_into_any_slot_reports_the_allocated_slots()
    {
        _ring.RegisterFilesSparse(8);
        _ring.SetFileAllocRange(5, 3);
        PipeDescriptors[] result = GC.AllocateArray<PipeDescriptors>(1, pinned: true);
        Assert.Equal(0, _ring.ResultOf(30, _ring.TryPreparePipe(SqeContext.FromValue(30), result, target: FileTarget.AnySlot)));
        Assert.Equal(5, result[0].Read);
        Assert.Equal(6, result[0].Write);

        using NativeBuffer data = new(8);
        "x"u8.CopyTo(data.Span);
        Assert.Equal(1, _ring.ResultOf(31, _ring.TryPrepareWrite(SqeContext.FromValue(31), result[0].Write, data.Span[..1], options: OpOptions.FixedFile)));
        Assert.Equal(1, _ring.ResultOf(32, _ring.TryPrepareRead(SqeContext.FromValue(32), result[0].Read, data.Span, options: OpOptions.FixedFile)));

        // Only one slot left in the range: the second end cannot be placed.
        Assert.Equal(-(int)Errno.ENFILE, _ring.ResultOf(33, _ring.TryPreparePipe(SqeContext.FromValue(33), result, target: FileTarget.AnySlot)));
    }
}
