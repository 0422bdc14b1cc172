using System;
using System.IO;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

public sealed class RegistrationTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void A_registered_file_is_read_by_slot()
    {
        string path = _directory.File("fixed.txt");
        File.WriteAllText(path, "by slot");
        using FileStream stream = File.OpenRead(path);
        _ring.RegisterFiles([-1, (int)stream.SafeFileHandle.DangerousGetHandle()]);
        Assert.Equal(2, _ring.RegisteredFileCount);

        using NativeBuffer buffer = new(16);
        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(1), 1, buffer.Span, 0, options: OpOptions.FixedFile));
        CqeView cqe = _ring.WaitOne();
        Assert.Equal(7, cqe.Result);
        Assert.Equal("by slot", System.Text.Encoding.ASCII.GetString(buffer.Span[..7]));

        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(2), 0, buffer.Span, 0, options: OpOptions.FixedFile));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
    }

    [Fact]
    public void A_sparse_table_is_filled_and_cleared_by_update()
    {
        string path = _directory.File("sparse.txt");
        File.WriteAllText(path, "x");
        using FileStream stream = File.OpenRead(path);
        _ring.RegisterFilesSparse(8);
        Assert.Equal(1, _ring.UpdateRegisteredFiles(5, [(int)stream.SafeFileHandle.DangerousGetHandle()]));

        using NativeBuffer buffer = new(4);
        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(1), 5, buffer.Span, 0, options: OpOptions.FixedFile));
        Assert.Equal(1, _ring.WaitOne().Result);

        Assert.Equal(1, _ring.UpdateRegisteredFiles(5, [-1]));
        Assert.True(_ring.TryPrepareRead(SqeContext.FromValue(2), 5, buffer.Span, 0, options: OpOptions.FixedFile));
        Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);

        _ring.UnregisterFiles();
        Assert.Equal(0, _ring.RegisteredFileCount);
        UringException error = Assert.Throws<UringException>(_ring.UnregisterFiles);
        Assert.Equal(Errno.ENXIO, error.Errno);
    }

    [Fact]
    public void Registering_files_twice_reports_ebusy()
    {
        _ring.RegisterFilesSparse(2);
        UringException error = Assert.Throws<UringException>(() => _ring.RegisterFilesSparse(2));
        Assert.Equal(Errno.EBUSY, error.Errno);
        Assert.Equal(2, _ring.RegisteredFileCount);
    }

    [Fact]
    public void Fixed_buffers_are_registered_and_shared_with_the_kernel()
    {
        _ring.RegisterBuffers(4, 8192);
        Assert.Equal(4, _ring.RegisteredBufferCount);
        Span<byte> first = _ring.RegisteredBuffer(0);
        Assert.Equal(8192, first.Length);
        first[0] = 42;
        Assert.Equal(42, _ring.RegisteredBuffer(0)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ring.RegisteredBuffer(4));
        Assert.Throws<InvalidOperationException>(() => _ring.RegisterBuffers(1, 4096));

        // NOP with IORING_NOP_FIXED_BUFFER looks the buffer up: it exists.
        Assert.True(_ring.TryPrepare(SqeContext.FromValue(1), UringOpKind.Other, (ushort)3, static (ref SubmissionSlot slot, scoped in ushort index) =>
        {
            slot.Sqe.Opcode = (byte)IoUringOp.Nop;
            slot.Sqe.Fd = -1;
            slot.Sqe.OpFlags = (uint)NopFlags.FixedBuffer;
            slot.Sqe.BufIndex = index;
        }));
        Assert.Equal(0, _ring.WaitOne().Result);

        _ring.UnregisterBuffers();
        Assert.Equal(0, _ring.RegisteredBufferCount);
        _ring.UnregisterBuffers();
    }
}
