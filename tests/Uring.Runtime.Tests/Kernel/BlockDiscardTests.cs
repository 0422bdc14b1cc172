using System;
using System.IO;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// BLOCK_URING_CMD_DISCARD on a loop device over a sparse file: the discarded range reads back as zeros
/// through the device and in the backing file (the loop driver punches a hole), the rest keeps its data.
/// The loop device is attached with losetup and detached in a finally.
/// </summary>
public sealed class BlockDiscardTests : IDisposable
{
    private const int Kib = 1024;
    private readonly Ring _ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        _ring.Dispose();
        _directory.Dispose();
    }

    private static bool All(ReadOnlySpan<byte> bytes, byte value) => !bytes.ContainsAnyExcept(value);

    [Fact]
    public void A_discarded_range_reads_back_as_zeros_and_the_rest_keeps_its_data()
    {
        string image = _directory.File("disk.img");
        using (FileStream sparse = new(image, FileMode.CreateNew))
        {
            sparse.SetLength(8 * 1024 * Kib);
        }

        LoopDevice loop = LoopDevice.Attach(image);
        try
        {
            int fd = _ring.Complete(_ring.TryPrepareOpenAt(SqeContext.FromValue(1), FileDescriptors.CurrentDirectory, loop.Path, OpenFlags.ReadWrite | OpenFlags.CloseOnExec), "open the loop device");
            try
            {
                // 256 KiB of data at 64 KiB, flushed to the backing file.
                using NativeBuffer data = new(256 * Kib);
                data.Span.Fill(0xA5);
                Assert.Equal(256 * Kib, _ring.Complete(_ring.TryPrepareWrite(SqeContext.FromValue(2), fd, data.Span, 64 * Kib), "write"));
                _ring.Complete(_ring.TryPrepareFsync(SqeContext.FromValue(3), fd), "fsync");

                // Discard the middle 128 KiB: [128 KiB, 256 KiB).
                Assert.Equal(0, _ring.Complete(_ring.TryPrepareBlockDiscard(SqeContext.FromValue(4), fd, offset: 128 * Kib, length: 128 * Kib), "discard"));

                using NativeBuffer back = new(256 * Kib);
                Assert.Equal(256 * Kib, _ring.Complete(_ring.TryPrepareRead(SqeContext.FromValue(5), fd, back.Span, 64 * Kib), "read"));
                Assert.True(All(back.Span[..(64 * Kib)], 0xA5), "the data before the range is kept");
                Assert.True(All(back.Span[(64 * Kib)..(192 * Kib)], 0), "the discarded range reads as zeros");
                Assert.True(All(back.Span[(192 * Kib)..], 0xA5), "the data after the range is kept");

                // Offsets and lengths that are not multiples of the 512-byte logical block size are refused.
                Assert.True(_ring.TryPrepareBlockDiscard(SqeContext.FromValue(6), fd, offset: 100, length: 512));
                Assert.Equal(Errno.EINVAL, _ring.WaitOne().Error);
            }
            finally
            {
                Loopback.Close(_ring, fd);
            }

            // A device opened read-only may not be discarded.
            int readOnly = _ring.Complete(_ring.TryPrepareOpenAt(SqeContext.FromValue(7), FileDescriptors.CurrentDirectory, loop.Path, OpenFlags.ReadOnly | OpenFlags.CloseOnExec), "open read-only");
            try
            {
                Assert.True(_ring.TryPrepareBlockDiscard(SqeContext.FromValue(8), readOnly, offset: 0, length: 4 * Kib));
                Assert.Equal(Errno.EBADF, _ring.WaitOne().Error);
            }
            finally
            {
                Loopback.Close(_ring, readOnly);
            }
        }
        finally
        {
            loop.Dispose();
        }

        // The loop driver turned the discard into a hole in the backing file.
        byte[] file = File.ReadAllBytes(image);
        Assert.True(All(file.AsSpan(64 * Kib, 64 * Kib), 0xA5));
        Assert.True(All(file.AsSpan(128 * Kib, 128 * Kib), 0));
        Assert.True(All(file.AsSpan(256 * Kib, 64 * Kib), 0xA5));
    }
}
