using System;
using static Uring.SqeField;

namespace Uring;

public sealed partial class Ring
{
    /// <summary>
    /// Reads <paramref name="length"/> bytes at file offset <paramref name="fileOffset"/> into registered buffer
    /// <paramref name="bufferIndex"/> at <paramref name="bufferOffset"/>, like <c>pread(2)</c>
    /// (<c>IORING_OP_READ_FIXED</c>: <c>addr</c> inside the buffer, <c>buf_index</c> @40); offset -1 reads at the
    /// file position. The address is computed from <see cref="RegisteredBuffer"/>, and the range is checked
    /// before anything is queued, so the request cannot point outside the buffer. Result: bytes read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a registered buffer, or the range does not fit it.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    [RequestKind(UringOpKind.ReadLike)]
    public bool TryPrepareReadFixed(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] int bufferIndex,
        int bufferOffset,
        int length,
        long fileOffset = -1,
        ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default)
    {
        nint address = FixedBufferAddress(bufferIndex, bufferOffset, length);
        return TryPrepareReadFixedCore(context, fd, address, length, fileOffset, (ushort)bufferIndex, flags, options);
    }

    /// <summary>
    /// Writes <paramref name="length"/> bytes of registered buffer <paramref name="bufferIndex"/> from
    /// <paramref name="bufferOffset"/> at file offset <paramref name="fileOffset"/>, like <c>pwrite(2)</c>
    /// (<c>IORING_OP_WRITE_FIXED</c>); the range is checked as for <see cref="TryPrepareReadFixed"/>. Write-like:
    /// without <see cref="RingOptions.NotifySucceed"/> a success posts no completion. Result: bytes written.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a registered buffer, or the range does not fit it.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    [RequestKind(UringOpKind.WriteLike)]
    public bool TryPrepareWriteFixed(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] int bufferIndex,
        int bufferOffset,
        int length,
        long fileOffset = -1,
        ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default)
    {
        nint address = FixedBufferAddress(bufferIndex, bufferOffset, length);
        return TryPrepareWriteFixedCore(context, fd, address, length, fileOffset, (ushort)bufferIndex, flags, options);
    }

    /// <summary>
    /// Vectored read into registered buffer <paramref name="bufferIndex"/>, like <c>preadv2(2)</c>
    /// (<c>IORING_OP_READV_FIXED</c>, 6.15: <c>addr</c> = iovec array, <c>len</c> = count, <c>buf_index</c>).
    /// Every vector must lie inside that one buffer (build them from slices of
    /// <see cref="RegisteredBuffer"/>); that is checked before anything is queued. The iovec array is staged.
    /// Result: bytes read.
    /// </summary>
    /// <exception cref="ArgumentException">No vectors, or a vector outside the registered buffer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a registered buffer.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    [RequestKind(UringOpKind.ReadLike)]
    public bool TryPrepareReadvFixed(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] int bufferIndex,
        ReadOnlySpan<IoVector> vectors,
        long offset = -1,
        ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default)
    {
        ValidateFixedVectors(bufferIndex, vectors);
        return TryPrepareReadvFixedCore(context, fd, vectors, offset, (ushort)bufferIndex, flags, options);
    }

    /// <summary>
    /// Vectored write from registered buffer <paramref name="bufferIndex"/>, like <c>pwritev2(2)</c>
    /// (<c>IORING_OP_WRITEV_FIXED</c>, 6.15); vectors are checked as for <see cref="TryPrepareReadvFixed"/>.
    /// Write-like. Result: bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">No vectors, or a vector outside the registered buffer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a registered buffer.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    [RequestKind(UringOpKind.WriteLike)]
    public bool TryPrepareWritevFixed(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] int bufferIndex,
        ReadOnlySpan<IoVector> vectors,
        long offset = -1,
        ReadWriteFlags flags = ReadWriteFlags.None,
        in OpOptions options = default)
    {
        ValidateFixedVectors(bufferIndex, vectors);
        return TryPrepareWritevFixedCore(context, fd, vectors, offset, (ushort)bufferIndex, flags, options);
    }

    /// <summary>
    /// Replaces registered-file slots from <paramref name="offset"/> with <paramref name="fds"/>
    /// (<c>IORING_OP_FILES_UPDATE</c>: <c>off</c> = first slot, <c>addr</c> = <c>int fds[]</c>, <c>len</c> = count):
    /// the asynchronous form of <see cref="UpdateRegisteredFiles"/>. -1 clears a slot, -2 leaves it unchanged.
    /// The kernel reads the array when the request runs, which can be after the SQE was consumed (linked or
    /// async requests), so it is not staged: keep it unchanged until the completion. Result: slots updated;
    /// <c>-ENXIO</c> without a file table.
    /// </summary>
    [UringOp(IoUringOp.FilesUpdate, Fd = -1)]
    public partial bool TryPrepareFilesUpdate(
        SqeContext context,
        [Sqe(Addr, LengthField = Len, NotEmpty = true)] [HeldUntilCompletion] ReadOnlySpan<int> fds,
        [Sqe(Off)] uint offset,
        in OpOptions options = default);

    /// <summary>
    /// Installs <paramref name="fds"/> into free registered-file slots the kernel picks
    /// (<c>IORING_OP_FILES_UPDATE</c> with <c>off</c> = <c>IORING_FILE_INDEX_ALLOC</c>). The kernel writes each
    /// allocated slot back over the fd in <paramref name="fds"/>, so the span must stay valid and unmoved until
    /// the completion. Result: how many were installed (then <c>fds[0..result)</c> hold their 0-based slots), or
    /// <c>-ENFILE</c> when no slot is free, <c>-ENXIO</c> without a file table.
    /// </summary>
    // off is IORING_FILE_INDEX_ALLOC sign-extended to all ones, as liburing writes it (its io_uring_prep_files_update
    // takes the offset as an int); the kernel reads the low 32 bits (io_rsrc_update.offset is a u32).
    [UringOp(IoUringOp.FilesUpdate, Fd = -1, Off = -1 /* IORING_FILE_INDEX_ALLOC */)]
    public partial bool TryPrepareFilesUpdateAlloc(
        SqeContext context,
        [Sqe(Addr, LengthField = Len, NotEmpty = true)] [HeldUntilCompletion] Span<int> fds,
        in OpOptions options = default);

    /// <summary>
    /// Installs registered file <paramref name="slot"/> as a normal file descriptor of this process
    /// (<c>IORING_OP_FIXED_FD_INSTALL</c>, 6.8: <c>fd</c> = slot, always with <c>IOSQE_FIXED_FILE</c>). The new
    /// descriptor is close-on-exec unless <paramref name="flags"/> has
    /// <see cref="FixedFdInstallFlags.NoCloseOnExec"/>; the slot stays registered. Result: the new fd.
    /// </summary>
    [UringOp(IoUringOp.FixedFdInstall, SqeFlags = SqeFlags.FixedFile)]
    public partial bool TryPrepareFixedFdInstall(
        SqeContext context,
        [Sqe(Fd)] int slot,
        [Sqe(OpFlags)] FixedFdInstallFlags flags = FixedFdInstallFlags.None,
        in OpOptions options = default);

    [UringOp(IoUringOp.ReadFixed, Kind = UringOpKind.ReadLike)]
    private partial bool TryPrepareReadFixedCore(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] [HeldUntilCompletion] nint address,
        [Sqe(Len)] int length,
        [Sqe(Off)] long offset,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] ReadWriteFlags flags,
        in OpOptions options);

    [UringOp(IoUringOp.WriteFixed, Kind = UringOpKind.WriteLike)]
    private partial bool TryPrepareWriteFixedCore(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] [HeldUntilCompletion] nint address,
        [Sqe(Len)] int length,
        [Sqe(Off)] long offset,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] ReadWriteFlags flags,
        in OpOptions options);

    [UringOp(IoUringOp.ReadvFixed, Kind = UringOpKind.ReadLike)]
    private partial bool TryPrepareReadvFixedCore(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<IoVector> vectors,
        [Sqe(Off)] long offset,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] ReadWriteFlags flags,
        in OpOptions options);

    [UringOp(IoUringOp.WritevFixed, Kind = UringOpKind.WriteLike)]
    private partial bool TryPrepareWritevFixedCore(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr, LengthField = Len, Staged = true, NotEmpty = true)] ReadOnlySpan<IoVector> vectors,
        [Sqe(Off)] long offset,
        [Sqe(BufIndex)] ushort bufferIndex,
        [Sqe(OpFlags)] ReadWriteFlags flags,
        in OpOptions options);

    /// <summary>The address of [offset, offset + length) inside registered buffer <paramref name="bufferIndex"/>, checked.</summary>
    private nint FixedBufferAddress(int bufferIndex, int bufferOffset, int length)
    {
        Span<byte> buffer = LookUpRegisteredBuffer(bufferIndex, nameof(bufferIndex));
        if ((uint)bufferOffset > (uint)buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferOffset), bufferOffset, $"Registered buffer {bufferIndex} has {buffer.Length} bytes.");
        }

        if ((uint)length > (uint)(buffer.Length - bufferOffset))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{length} bytes from offset {bufferOffset} do not fit the {buffer.Length} bytes of registered buffer {bufferIndex}.");
        }

        return (nint)SqeEncoding.AddressOf(buffer) + bufferOffset;
    }

    /// <summary>Checks that every vector lies inside registered buffer <paramref name="bufferIndex"/>.</summary>
    private unsafe void ValidateFixedVectors(int bufferIndex, ReadOnlySpan<IoVector> vectors)
    {
        Span<byte> buffer = LookUpRegisteredBuffer(bufferIndex, nameof(bufferIndex));
        if (vectors.IsEmpty)
        {
            throw new ArgumentException("The span must not be empty.", nameof(vectors));
        }

        ulong start = SqeEncoding.AddressOf(buffer);
        ulong end = start + (ulong)buffer.Length;
        for (int i = 0; i < vectors.Length; i++)
        {
            ulong base_ = (ulong)vectors[i].Base;
            ulong length = vectors[i].Length;
            if (base_ < start || base_ > end || length > end - base_)
            {
                throw new ArgumentException(
                    $"Vector {i} (0x{base_:x}, {length} bytes) is not inside registered buffer {bufferIndex} (0x{start:x}, {buffer.Length} bytes).",
                    nameof(vectors));
            }
        }
    }
}
