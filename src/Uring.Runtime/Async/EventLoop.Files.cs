using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace Uring;

// File operations at explicit offsets, shaped like System.IO.RandomAccess, over SafeFileHandle and raw fds.
public sealed partial class EventLoop
{
    /// <summary>The mode .NET gives files it creates (rw-rw-rw-, less the process umask).</summary>
    private const UnixFileMode DefaultCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
        | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// Opens a file, like <see cref="File.OpenHandle"/> (<c>openat(2)</c> on the ring, always <c>O_CLOEXEC</c>).
    /// </summary>
    /// <param name="path">The file's path (relative paths resolve against the current directory).</param>
    /// <param name="mode">How to open or create it.</param>
    /// <param name="access">Read, write or both.</param>
    /// <param name="options"><see cref="FileOptions.WriteThrough"/> opens with <c>O_SYNC</c>; <see cref="FileOptions.Asynchronous"/>,
    /// <see cref="FileOptions.SequentialScan"/> and <see cref="FileOptions.RandomAccess"/> change nothing.</param>
    /// <param name="createMode">The permissions of a file it creates (less the umask).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The handle, owned by the caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> or <paramref name="access"/> is not defined.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> needs write access, or <paramref name="options"/> asks for
    /// <see cref="FileOptions.DeleteOnClose"/> or <see cref="FileOptions.Encrypted"/>.</exception>
    public ValueTask<SafeFileHandle> OpenAsync(
        string path,
        FileMode mode,
        FileAccess access = FileAccess.Read,
        FileOptions options = FileOptions.None,
        UnixFileMode createMode = DefaultCreateMode,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        OpenFlags flags = ToOpenFlags(mode, access, options);
        return WrapHandle(OpenAtAsync(FileDescriptors.CurrentDirectory, path, flags, createMode, cancellationToken));

        static async ValueTask<SafeFileHandle> WrapHandle(ValueTask<int> open)
            => new SafeFileHandle(await open.ConfigureAwait(false), ownsHandle: true);
    }

    /// <summary>
    /// Opens a file relative to <paramref name="directoryFd"/> (<see cref="FileDescriptors.CurrentDirectory"/> for the
    /// current directory), like <c>openat(2)</c>. The caller owns the returned fd.
    /// </summary>
    /// <param name="directoryFd">The directory a relative path resolves against.</param>
    /// <param name="path">The path (staged when the request is prepared; a NUL in it fails the await with <see cref="ArgumentException"/>).</param>
    /// <param name="flags">The <c>O_*</c> flags.</param>
    /// <param name="mode">The permissions of a file it creates.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The new fd.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public ValueTask<int> OpenAtAsync(int directoryFd, string path, OpenFlags flags, UnixFileMode mode = UnixFileMode.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        AsyncOperation op = Rent(AsyncOperationKind.OpenAt, ErrorDomain.File);
        op.Fd = directoryFd;
        op.Path = path;
        op.Flags = (uint)flags;
        op.Mode = (uint)mode;
        return new ValueTask<int>(op, Start(op, null, cancellationToken));
    }

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes at <paramref name="fileOffset"/>, like <see cref="RandomAccess.ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/>.
    /// The buffer is pinned until the read's completion, and the task completes only after it (also when cancelled).
    /// </summary>
    /// <param name="file">The file (kept referenced while the read is in flight).</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="fileOffset">Where to read; -1 reads at the file position (pipes and other unseekable files).</param>
    /// <param name="cancellationToken">Cancels the read (<c>ASYNC_CANCEL</c>).</param>
    /// <returns>The bytes read; 0 at end of file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1.</exception>
    public ValueTask<int> ReadAsync(SafeFileHandle file, Memory<byte> buffer, long fileOffset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StartRead(file, -1, buffer, fileOffset, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/> with a deadline (a linked timeout):
    /// a read still waiting after <paramref name="timeout"/> is cancelled and throws <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="fileOffset">Where to read; -1 at the file position.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read; 0 at end of file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReadAsync(SafeFileHandle file, Memory<byte> buffer, long fileOffset, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StartRead(file, -1, buffer, fileOffset, ValidateDeadline(timeout), cancellationToken);
    }

    /// <summary>Reads from a raw fd; see <see cref="ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/>. The caller keeps the fd open until the await returns.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="fileOffset">Where to read; -1 at the file position.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read; 0 at end of file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1.</exception>
    public ValueTask<int> ReadAsync(int fd, Memory<byte> buffer, long fileOffset, CancellationToken cancellationToken = default)
        => StartRead(null, fd, buffer, fileOffset, TimeSpan.Zero, cancellationToken);

    /// <summary>Reads from a raw fd with a deadline; see <see cref="ReadAsync(SafeFileHandle, Memory{byte}, long, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="fileOffset">Where to read; -1 at the file position.</param>
    /// <param name="timeout">The deadline, from submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read; 0 at end of file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask<int> ReadAsync(int fd, Memory<byte> buffer, long fileOffset, TimeSpan timeout, CancellationToken cancellationToken = default)
        => StartRead(null, fd, buffer, fileOffset, ValidateDeadline(timeout), cancellationToken);

    /// <summary>
    /// Writes all of <paramref name="buffer"/> at <paramref name="fileOffset"/>, like
    /// <see cref="RandomAccess.WriteAsync(SafeFileHandle, ReadOnlyMemory{byte}, long, CancellationToken)"/>: a short
    /// write goes on from where it stopped. The buffer is pinned until the last write's completion.
    /// </summary>
    /// <param name="file">The file (kept referenced while the write is in flight).</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="fileOffset">Where to write; -1 writes at the file position (pipes, <c>O_APPEND</c> files).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every byte was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1.</exception>
    public ValueTask WriteAsync(SafeFileHandle file, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StartWrite(file, -1, buffer, fileOffset, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Writes all of <paramref name="buffer"/> to a raw fd; see <see cref="WriteAsync(SafeFileHandle, ReadOnlyMemory{byte}, long, CancellationToken)"/>.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="fileOffset">Where to write; -1 at the file position.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every byte was written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1.</exception>
    public ValueTask WriteAsync(int fd, ReadOnlyMemory<byte> buffer, long fileOffset, CancellationToken cancellationToken = default)
        => StartWrite(null, fd, buffer, fileOffset, TimeSpan.Zero, cancellationToken);

    /// <summary>Writes all of <paramref name="buffer"/> to a raw fd with a deadline (a linked timeout per write request).</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="buffer">The bytes.</param>
    /// <param name="fileOffset">Where to write; -1 at the file position.</param>
    /// <param name="timeout">The deadline of each write request, from its submission; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every byte was written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileOffset"/> is less than -1, or <paramref name="timeout"/> is not positive (nor infinite).</exception>
    public ValueTask WriteAsync(int fd, ReadOnlyMemory<byte> buffer, long fileOffset, TimeSpan timeout, CancellationToken cancellationToken = default)
        => StartWrite(null, fd, buffer, fileOffset, ValidateDeadline(timeout), cancellationToken);

    /// <summary>
    /// Flushes the file's data (and, unless <paramref name="dataOnly"/>, its metadata) to storage, like
    /// <see cref="RandomAccess.FlushToDisk"/> (<c>fsync(2)</c>, or <c>fdatasync(2)</c>).
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="dataOnly">True for <c>fdatasync</c>.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the data is on storage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public ValueTask FlushAsync(SafeFileHandle file, bool dataOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StartFsync(file, -1, dataOnly, cancellationToken);
    }

    /// <summary>Flushes a raw fd to storage; see <see cref="FlushAsync(SafeFileHandle, bool, CancellationToken)"/>.</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="dataOnly">True for <c>fdatasync</c>.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the data is on storage.</returns>
    public ValueTask FlushAsync(int fd, bool dataOnly = false, CancellationToken cancellationToken = default)
        => StartFsync(null, fd, dataOnly, cancellationToken);

    /// <summary>The file's status (<c>statx(2)</c> with <c>AT_EMPTY_PATH</c>).</summary>
    /// <param name="file">The file.</param>
    /// <param name="mask">What to ask for; <see cref="Statx.Mask"/> says what the file system filled in.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public ValueTask<Statx> StatxAsync(SafeFileHandle file, StatxMask mask = StatxMask.BasicStats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StartStatx(file, -1, string.Empty, mask, AtFlags.EmptyPath, cancellationToken);
    }

    /// <summary>The status of a raw fd (<c>statx(2)</c> with <c>AT_EMPTY_PATH</c>).</summary>
    /// <param name="fd">The file descriptor.</param>
    /// <param name="mask">What to ask for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    public ValueTask<Statx> StatxAsync(int fd, StatxMask mask = StatxMask.BasicStats, CancellationToken cancellationToken = default)
        => StartStatx(null, fd, string.Empty, mask, AtFlags.EmptyPath, cancellationToken);

    /// <summary>The status of the file at <paramref name="path"/> (<c>statx(2)</c> relative to the current directory).</summary>
    /// <param name="path">The path.</param>
    /// <param name="mask">What to ask for.</param>
    /// <param name="flags"><see cref="AtFlags.SymlinkNoFollow"/> to describe a symbolic link itself.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public ValueTask<Statx> StatxAsync(string path, StatxMask mask = StatxMask.BasicStats, AtFlags flags = AtFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return StartStatx(null, FileDescriptors.CurrentDirectory, path, mask, flags, cancellationToken);
    }

    /// <summary>
    /// Closes <paramref name="handle"/> through the ring. The handle is marked invalid at once (as if disposed), so no
    /// later call can use its number; operations already in flight on it finish first (the kernel holds the file).
    /// </summary>
    /// <param name="handle">A file or socket handle that owns its descriptor.</param>
    /// <param name="cancellationToken">Cancels the close request.</param>
    /// <returns>A task that completes when the descriptor was closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="handle"/> is closed or invalid already.</exception>
    public ValueTask CloseAsync(SafeHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ObjectDisposedException.ThrowIf(handle.IsClosed || handle.IsInvalid, handle);
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return CloseAsync(fd, cancellationToken);
    }

    /// <summary>Closes a raw fd through the ring (<c>close(2)</c>).</summary>
    /// <param name="fd">The file descriptor; the caller gives up its ownership.</param>
    /// <param name="cancellationToken">Cancels the close request.</param>
    /// <returns>A task that completes when the descriptor was closed.</returns>
    public ValueTask CloseAsync(int fd, CancellationToken cancellationToken = default)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Close, ErrorDomain.File);
        op.Fd = fd;
        return new ValueTask(op, Start(op, null, cancellationToken));
    }

    private ValueTask<int> StartRead(SafeHandle? handle, int fd, Memory<byte> buffer, long offset, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ValidateOffset(offset);
        AsyncOperation op = Rent(AsyncOperationKind.Read, ErrorDomain.File);
        op.Fd = fd;
        op.Buffer = buffer;
        op.Offset = offset;
        op.Deadline = deadline;
        return new ValueTask<int>(op, Start(op, handle, cancellationToken, pin: true));
    }

    private ValueTask StartWrite(SafeHandle? handle, int fd, ReadOnlyMemory<byte> buffer, long offset, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ValidateOffset(offset);
        if (buffer.IsEmpty)
        {
            return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;
        }

        AsyncOperation op = Rent(AsyncOperationKind.WriteAll, ErrorDomain.File);
        op.Fd = fd;
        op.Buffer = MemoryMarshal.AsMemory(buffer);
        op.Offset = offset;
        op.Deadline = deadline;
        return new ValueTask(op, Start(op, handle, cancellationToken, pin: true));
    }

    private ValueTask StartFsync(SafeHandle? handle, int fd, bool dataOnly, CancellationToken cancellationToken)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Fsync, ErrorDomain.File);
        op.Fd = fd;
        op.Flags = dataOnly ? 1u : 0u;
        return new ValueTask(op, Start(op, handle, cancellationToken));
    }

    private ValueTask<Statx> StartStatx(SafeHandle? handle, int fd, string path, StatxMask mask, AtFlags flags, CancellationToken cancellationToken)
    {
        AsyncOperation op = Rent(AsyncOperationKind.Statx, ErrorDomain.File);
        op.Fd = fd;
        op.Path = path.Length == 0 ? null : path;
        op.Mode = (uint)mask;
        op.Flags = (uint)flags;
        return new ValueTask<Statx>(op, Start(op, handle, cancellationToken));
    }

    private static void ValidateOffset(long offset)
    {
        if (offset < -1)
        {
            throw new ArgumentOutOfRangeException("fileOffset", offset, "The offset must be 0 or more, or -1 for the file position.");
        }
    }

    /// <summary>A deadline for <see cref="AsyncOperation.Deadline"/>: positive, or infinite (none, zero).</summary>
    internal static TimeSpan ValidateDeadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return TimeSpan.Zero;
        }

        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive, or Timeout.InfiniteTimeSpan for none.");
        }

        return timeout;
    }

    /// <summary>The <c>O_*</c> flags of a .NET open, with .NET's own argument checks.</summary>
    private static OpenFlags ToOpenFlags(FileMode mode, FileAccess access, FileOptions options)
    {
        OpenFlags flags = access switch
        {
            FileAccess.Read => OpenFlags.ReadOnly,
            FileAccess.Write => OpenFlags.WriteOnly,
            FileAccess.ReadWrite => OpenFlags.ReadWrite,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Not a FileAccess value."),
        };

        flags |= mode switch
        {
            FileMode.CreateNew => OpenFlags.Create | OpenFlags.Exclusive,
            FileMode.Create => OpenFlags.Create | OpenFlags.Truncate,
            FileMode.Open => 0,
            FileMode.OpenOrCreate => OpenFlags.Create,
            FileMode.Truncate => OpenFlags.Truncate,
            FileMode.Append => OpenFlags.Create | OpenFlags.Append,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a FileMode value."),
        };

        if (access == FileAccess.Read && mode is FileMode.CreateNew or FileMode.Create or FileMode.Truncate or FileMode.Append)
        {
            throw new ArgumentException($"Combining FileMode.{mode} with FileAccess.Read is invalid: the mode writes.", nameof(access));
        }

        if (mode == FileMode.Append && access != FileAccess.Write)
        {
            throw new ArgumentException("FileMode.Append requires FileAccess.Write.", nameof(access));
        }

        if ((options & (FileOptions.DeleteOnClose | FileOptions.Encrypted)) != 0)
        {
            throw new ArgumentException("OpenAsync does not support FileOptions.DeleteOnClose or FileOptions.Encrypted.", nameof(options));
        }

        if ((options & FileOptions.WriteThrough) != 0)
        {
            flags |= OpenFlags.Sync;
        }

        return flags | OpenFlags.CloseOnExec;
    }
}
