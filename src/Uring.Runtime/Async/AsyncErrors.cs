using System;
using System.IO;
using System.Net.Sockets;

namespace Uring;

/// <summary>Which family of exceptions an operation's failure becomes when it is awaited.</summary>
internal enum ErrorDomain : byte
{
    /// <summary>Files, pipes, timers: <see cref="IOException"/> and its kin.</summary>
    File,

    /// <summary>Sockets: <see cref="SocketException"/> with the matching <see cref="SocketError"/>.</summary>
    Socket,

    /// <summary>
    /// A connection's <see cref="System.IO.Stream"/>: an <see cref="IOException"/> whose inner exception is the
    /// <see cref="SocketException"/>, as <see cref="System.Net.Sockets.NetworkStream"/> reports it.
    /// </summary>
    Stream,
}

/// <summary>
/// Turns a failed completion into the exception a .NET caller expects, created when the operation is awaited
/// (never on the loop thread, never cached). Messages name the errno (symbol, number and text).
/// </summary>
internal static class AsyncErrors
{
    /// <summary>"ENOENT (2): No such file or directory".</summary>
    public static string Describe(Errno errno) => $"{errno} ({(int)errno}): {errno.Describe()}";

    /// <summary>
    /// The exception for a failed file operation, like .NET's own file APIs on Unix: <c>ENOENT</c> on a path is a
    /// <see cref="FileNotFoundException"/>, <c>EACCES</c>/<c>EPERM</c> an <see cref="UnauthorizedAccessException"/>,
    /// anything else an <see cref="IOException"/> whose <see cref="Exception.HResult"/> is the errno.
    /// </summary>
    public static Exception ForFile(Errno errno, string operation, string? path)
    {
        string where = path is null ? operation : $"{operation} '{path}'";
        string message = $"{where} failed with {Describe(errno)}.";
        return errno switch
        {
            Errno.ENOENT when path is not null => new FileNotFoundException(message, path),
            Errno.ENOTDIR when path is not null => new DirectoryNotFoundException(message),
            Errno.EACCES or Errno.EPERM => new UnauthorizedAccessException(message),
            _ => new IOException(message, (int)errno),
        };
    }

    /// <summary>The exception for a failed socket operation: a <see cref="SocketException"/> whose <see cref="SocketException.SocketErrorCode"/> matches the errno.</summary>
    public static SocketException ForSocket(Errno errno, string operation)
        => new((int)ToSocketError(errno), $"{operation} failed with {Describe(errno)}.");

    /// <summary>A failed stream read or write: an <see cref="IOException"/> around the <see cref="SocketException"/>, like <see cref="NetworkStream"/>.</summary>
    public static IOException ForStream(Errno errno, string operation, bool reading)
    {
        SocketException inner = ForSocket(errno, operation);
        string what = reading ? "read data from" : "write data to";
        return new IOException($"Unable to {what} the connection: {inner.Message}", inner);
    }

    /// <summary>The <see cref="SocketError"/> .NET reports for <paramref name="errno"/> on Linux.</summary>
    public static SocketError ToSocketError(Errno errno) => errno switch
    {
        Errno.None => SocketError.Success,
        Errno.EACCES or Errno.EPERM => SocketError.AccessDenied,
        Errno.EADDRINUSE => SocketError.AddressAlreadyInUse,
        Errno.EADDRNOTAVAIL => SocketError.AddressNotAvailable,
        Errno.EAFNOSUPPORT => SocketError.AddressFamilyNotSupported,
        Errno.EAGAIN => SocketError.WouldBlock,
        Errno.EALREADY => SocketError.AlreadyInProgress,
        Errno.EBADF or Errno.ECANCELED => SocketError.OperationAborted,
        Errno.ECONNABORTED => SocketError.ConnectionAborted,
        Errno.ECONNREFUSED => SocketError.ConnectionRefused,
        Errno.ECONNRESET => SocketError.ConnectionReset,
        Errno.EDESTADDRREQ => SocketError.DestinationAddressRequired,
        Errno.EFAULT => SocketError.Fault,
        Errno.EHOSTDOWN => SocketError.HostDown,
        Errno.EHOSTUNREACH => SocketError.HostUnreachable,
        Errno.EINPROGRESS => SocketError.InProgress,
        Errno.EINTR => SocketError.Interrupted,
        Errno.EINVAL => SocketError.InvalidArgument,
        Errno.EISCONN => SocketError.IsConnected,
        Errno.EMFILE or Errno.ENFILE => SocketError.TooManyOpenSockets,
        Errno.EMSGSIZE => SocketError.MessageSize,
        Errno.ENETDOWN => SocketError.NetworkDown,
        Errno.ENETRESET => SocketError.NetworkReset,
        Errno.ENETUNREACH => SocketError.NetworkUnreachable,
        Errno.ENOBUFS or Errno.ENOMEM => SocketError.NoBufferSpaceAvailable,
        Errno.ENOPROTOOPT => SocketError.ProtocolOption,
        Errno.ENOTCONN => SocketError.NotConnected,
        Errno.ENOTSOCK => SocketError.NotSocket,
        Errno.EOPNOTSUPP => SocketError.OperationNotSupported,
        Errno.EPFNOSUPPORT => SocketError.ProtocolFamilyNotSupported,
        Errno.EPIPE or Errno.ESHUTDOWN => SocketError.Shutdown,
        Errno.EPROTONOSUPPORT => SocketError.ProtocolNotSupported,
        Errno.EPROTOTYPE => SocketError.ProtocolType,
        Errno.ESOCKTNOSUPPORT => SocketError.SocketNotSupported,
        Errno.ETIMEDOUT => SocketError.TimedOut,
        _ => SocketError.SocketError,
    };

    /// <summary>The exception of an operation cut short by the loop's shutdown, or started after it.</summary>
    public static ObjectDisposedException LoopDisposed()
        => new(nameof(EventLoop), "The event loop was shut down: the operation was cancelled by the shutdown, or started after it.");
}
