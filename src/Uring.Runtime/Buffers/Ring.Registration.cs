using System;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    private RegisteredBufferSet? _registeredBuffers;

    /// <summary>Slots in the registered-file table (0 when none is registered).</summary>
    public int RegisteredFileCount { get; private set; }

    /// <summary>Registered (fixed) buffers (0 when none are registered).</summary>
    public int RegisteredBufferCount => _registeredBuffers?.Count ?? 0;

    /// <summary>
    /// Registers <paramref name="fds"/> as the fixed-file table (<c>IORING_REGISTER_FILES2</c>); -1 leaves a
    /// slot empty. Ops then name a file by slot with <see cref="SqeFlags.FixedFile"/>.
    /// </summary>
    /// <exception cref="UringException">The kernel refused (EEXIST when a table is already registered, EMFILE, EBADF...).</exception>
    [IssuerThreadOnly]
    public void RegisterFiles(ReadOnlySpan<int> fds)
    {
        fixed (int* data = fds)
        {
            RsrcRegister register = new() { Nr = (uint)fds.Length, Data = (ulong)data };
            Register(RegisterOp.RegisterFiles2, &register, (uint)sizeof(RsrcRegister), "REGISTER_FILES2");
        }

        RegisteredFileCount = fds.Length;
    }

    /// <summary>Registers an empty fixed-file table of <paramref name="count"/> slots (<c>IORING_RSRC_REGISTER_SPARSE</c>).</summary>
    /// <exception cref="UringException">The kernel refused.</exception>
    [IssuerThreadOnly]
    public void RegisterFilesSparse(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        RsrcRegister register = new() { Nr = (uint)count, Flags = RegistrationFlags.Sparse };
        Register(RegisterOp.RegisterFiles2, &register, (uint)sizeof(RsrcRegister), "REGISTER_FILES2 (sparse)");
        RegisteredFileCount = count;
    }

    /// <summary>
    /// Replaces fixed-file slots starting at <paramref name="offset"/> (<c>IORING_REGISTER_FILES_UPDATE2</c>):
    /// -1 clears a slot, -2 (<c>IORING_REGISTER_FILES_SKIP</c>) leaves it unchanged.
    /// </summary>
    /// <returns>How many slots were updated.</returns>
    /// <exception cref="UringException">The kernel refused.</exception>
    [IssuerThreadOnly]
    public int UpdateRegisteredFiles(int offset, ReadOnlySpan<int> fds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        fixed (int* data = fds)
        {
            RsrcUpdate2 update = new() { Offset = (uint)offset, Data = (ulong)data, Nr = (uint)fds.Length };
            return Register(RegisterOp.RegisterFilesUpdate2, &update, (uint)sizeof(RsrcUpdate2), "REGISTER_FILES_UPDATE2");
        }
    }

    /// <summary>Unregisters the fixed-file table.</summary>
    /// <exception cref="UringException">The kernel refused (ENXIO when none is registered).</exception>
    [IssuerThreadOnly]
    public void UnregisterFiles()
    {
        Register(RegisterOp.UnregisterFiles, null, 0, "UNREGISTER_FILES");
        RegisteredFileCount = 0;
    }

    /// <summary>
    /// Restricts where <c>IORING_FILE_INDEX_ALLOC</c> places new direct descriptors to slots
    /// [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).
    /// </summary>
    [IssuerThreadOnly]
    public void SetFileAllocRange(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        FileIndexRange range = new() { Offset = (uint)offset, Length = (uint)length };
        Register(RegisterOp.RegisterFileAllocRange, &range, 0, "REGISTER_FILE_ALLOC_RANGE");
    }

    /// <summary>
    /// Allocates <paramref name="count"/> page-aligned buffers of <paramref name="size"/> bytes in native
    /// memory owned by the ring and registers them as fixed buffers (<c>IORING_REGISTER_BUFFERS2</c>). The
    /// kernel pins them, which counts against <c>RLIMIT_MEMLOCK</c> unless the process has <c>CAP_IPC_LOCK</c>:
    /// the soft limit is raised toward the hard limit when needed. Every limit (count, size, memory, memlock)
    /// is checked before anything is allocated. Freed by <see cref="UnregisterBuffers"/> or <see cref="Stop"/>.
    /// </summary>
    /// <param name="count">1 to <see cref="BufferLimits.MaxRegisteredBuffers"/> (16384) buffers.</param>
    /// <param name="size">1 to <see cref="BufferLimits.MaxRegisteredBufferBytes"/> (1 GiB) bytes per buffer.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> or <paramref name="size"/> is out of range, or together they exceed the memory this process can have.
    /// </exception>
    /// <exception cref="InvalidOperationException">Buffers are already registered.</exception>
    /// <exception cref="UringException">
    /// ENOMEM before anything is allocated: the buffers exceed the memlock hard limit. Otherwise the kernel refused.
    /// </exception>
    [IssuerThreadOnly]
    public void RegisterBuffers(int count, int size)
    {
        BufferLimits.ThrowIfBadRegisteredBufferCount(count, nameof(count));
        BufferLimits.ThrowIfBadRegisteredBufferSize(size, nameof(size));

        long stride = RegisteredBufferSet.StrideOf(size);
        BufferLimits.ThrowIfBeyondMemory(count, stride, nameof(count), $"{count} registered buffers of {size} bytes");
        if (_registeredBuffers is not null)
        {
            throw new InvalidOperationException("Fixed buffers are already registered; call UnregisterBuffers first.");
        }

        ThrowIfStopped();
        EnsureIssuer();
        MemlockLimit.EnsureCanPin((ulong)count * (ulong)stride, $"Registering {count} buffers of {size} bytes");
        using LockScope held = HoldLock();
        if (_registeredBuffers is not null)
        {
            // Another thread of a multi-issuer ring registered meanwhile.
            throw new InvalidOperationException("Fixed buffers are already registered; call UnregisterBuffers first.");
        }

        RegisteredBufferSet buffers = new(count, size);
        try
        {
            RsrcRegister register = new() { Nr = (uint)count, Data = (ulong)buffers.Vectors };
            Register(RegisterOp.RegisterBuffers2, &register, (uint)sizeof(RsrcRegister), $"REGISTER_BUFFERS2 ({count} x {size} bytes)");
        }
        catch
        {
            buffers.Dispose();
            throw;
        }

        _registeredBuffers = buffers;
    }

    /// <summary>Unregisters the fixed buffers and frees their memory. Nothing may still be in flight on them. Does nothing when none are registered.</summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped (which freed the buffers already).</exception>
    /// <exception cref="UringException">The kernel refused.</exception>
    [IssuerThreadOnly]
    public void UnregisterBuffers()
    {
        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        if (_registeredBuffers is null)
        {
            return;
        }

        Register(RegisterOp.UnregisterBuffers, null, 0, "UNREGISTER_BUFFERS");
        _registeredBuffers.Dispose();
        _registeredBuffers = null;
    }

    /// <summary>
    /// The memory of fixed buffer <paramref name="index"/>, shared with the kernel. Valid until
    /// <see cref="UnregisterBuffers"/> or <see cref="Stop"/>, which free it.
    /// </summary>
    /// <remarks>
    /// The span is a view of native memory and does not keep it alive. The call checks the ring, but a span used after
    /// the buffers were freed touches freed memory (the native heap's own bookkeeping, once it reuses the pages). On a
    /// <see cref="RingOptions.MultiIssuers"/> ring, finish every use of the span on other threads before one of them
    /// calls <see cref="Stop"/> or <see cref="UnregisterBuffers"/>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a registered buffer.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped (its buffers were freed).</exception>
    public Span<byte> RegisteredBuffer(int index) => LookUpRegisteredBuffer(index, nameof(index));

    /// <summary>
    /// <see cref="RegisteredBuffer(int)"/> for the fixed-buffer prep methods, whose exception names their own
    /// parameter (<paramref name="parameterName"/>, for example "bufferIndex").
    /// </summary>
    internal Span<byte> LookUpRegisteredBuffer(int index, string parameterName)
    {
        ThrowIfStopped();

        // A multi-issuer ring frees the set under its lock (Stop, UnregisterBuffers): look it up under it too.
        EnterLock();
        try
        {
            RegisteredBufferSet? buffers = _registeredBuffers;
            if (buffers is null || (uint)index >= (uint)buffers.Count)
            {
                throw new ArgumentOutOfRangeException(
                    parameterName,
                    index,
                    buffers is null
                        ? "No fixed buffers are registered: call RegisterBuffers first."
                        : $"There are {buffers.Count} registered buffers (indexes 0 to {buffers.Count - 1}).");
            }

            return buffers.Get(index);
        }
        finally
        {
            ExitLock();
        }
    }

    private int Register(RegisterOp op, void* arg, uint nrArgs, string what)
    {
        ThrowIfStopped();
        EnsureIssuer();
        using LockScope held = HoldLock();
        int rc = Syscalls.IoUringRegister(_fd, op, arg, nrArgs);
        if (rc < 0)
        {
            throw UringException.ForSyscall($"io_uring_register({what})", (Errno)(-rc));
        }

        return rc;
    }

    private void ReleaseRegisteredBuffers()
    {
        _registeredBuffers?.Dispose();
        _registeredBuffers = null;
    }
}
