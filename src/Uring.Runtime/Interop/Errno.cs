namespace Uring;

/// <summary>
/// Linux <c>errno</c> values (x86-64 and arm64 share them). A negative completion result is
/// <c>-(int)errno</c>; <see cref="CqeView.Error"/> maps it without allocating.
/// </summary>
public enum Errno
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary><c>EPERM</c>: Operation not permitted.</summary>
    EPERM = 1,
    /// <summary><c>ENOENT</c>: No such file or directory.</summary>
    ENOENT = 2,
    /// <summary><c>ESRCH</c>: No such process.</summary>
    ESRCH = 3,
    /// <summary><c>EINTR</c>: Interrupted system call.</summary>
    EINTR = 4,
    /// <summary><c>EIO</c>: Input/output error.</summary>
    EIO = 5,
    /// <summary><c>ENXIO</c>: No such device or address.</summary>
    ENXIO = 6,
    /// <summary><c>E2BIG</c>: Argument list too long.</summary>
    E2BIG = 7,
    /// <summary><c>ENOEXEC</c>: Exec format error.</summary>
    ENOEXEC = 8,
    /// <summary><c>EBADF</c>: Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary><c>ECHILD</c>: No child processes.</summary>
    ECHILD = 10,
    /// <summary><c>EAGAIN</c>: Resource temporarily unavailable.</summary>
    EAGAIN = 11,
    /// <summary><c>ENOMEM</c>: Cannot allocate memory.</summary>
    ENOMEM = 12,
    /// <summary><c>EACCES</c>: Permission denied.</summary>
    EACCES = 13,
    /// <summary><c>EFAULT</c>: Bad address.</summary>
    EFAULT = 14,
    /// <summary><c>ENOTBLK</c>: Block device required.</summary>
    ENOTBLK = 15,
    /// <summary><c>EBUSY</c>: Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary><c>EEXIST</c>: File exists.</summary>
    EEXIST = 17,
    /// <summary><c>EXDEV</c>: Invalid cross-device link.</summary>
    EXDEV = 18,
    /// <summary><c>ENODEV</c>: No such device.</summary>
    ENODEV = 19,
    /// <summary><c>ENOTDIR</c>: Not a directory.</summary>
    ENOTDIR = 20,
    /// <summary><c>EISDIR</c>: Is a directory.</summary>
    EISDIR = 21,
    /// <summary><c>EINVAL</c>: Invalid argument.</summary>
    EINVAL = 22,
    /// <summary><c>ENFILE</c>: Too many open files in system.</summary>
    ENFILE = 23,
    /// <summary><c>EMFILE</c>: Too many open files.</summary>
    EMFILE = 24,
    /// <summary><c>ENOTTY</c>: Inappropriate ioctl for device.</summary>
    ENOTTY = 25,
    /// <summary><c>ETXTBSY</c>: Text file busy.</summary>
    ETXTBSY = 26,
    /// <summary><c>EFBIG</c>: File too large.</summary>
    EFBIG = 27,
    /// <summary><c>ENOSPC</c>: No space left on device.</summary>
    ENOSPC = 28,
    /// <summary><c>ESPIPE</c>: Illegal seek.</summary>
    ESPIPE = 29,
    /// <summary><c>EROFS</c>: Read-only file system.</summary>
    EROFS = 30,
    /// <summary><c>EMLINK</c>: Too many links.</summary>
    EMLINK = 31,
    /// <summary><c>EPIPE</c>: Broken pipe.</summary>
    EPIPE = 32,
    /// <summary><c>EDOM</c>: Numerical argument out of domain.</summary>
    EDOM = 33,
    /// <summary><c>ERANGE</c>: Numerical result out of range.</summary>
    ERANGE = 34,
    /// <summary><c>EDEADLK</c>: Resource deadlock avoided.</summary>
    EDEADLK = 35,
    /// <summary><c>ENAMETOOLONG</c>: File name too long.</summary>
    ENAMETOOLONG = 36,
    /// <summary><c>ENOLCK</c>: No locks available.</summary>
    ENOLCK = 37,
    /// <summary><c>ENOSYS</c>: Function not implemented.</summary>
    ENOSYS = 38,
    /// <summary><c>ENOTEMPTY</c>: Directory not empty.</summary>
    ENOTEMPTY = 39,
    /// <summary><c>ELOOP</c>: Too many levels of symbolic links.</summary>
    ELOOP = 40,
    /// <summary><c>ENOMSG</c>: No message of desired type.</summary>
    ENOMSG = 42,
    /// <summary><c>EIDRM</c>: Identifier removed.</summary>
    EIDRM = 43,
    /// <summary><c>EBADR</c>: Invalid request descriptor.</summary>
    EBADR = 53,
    /// <summary><c>ENOSTR</c>: Device not a stream.</summary>
    ENOSTR = 60,
    /// <summary><c>ENODATA</c>: No data available.</summary>
    ENODATA = 61,
    /// <summary><c>ETIME</c>: Timer expired.</summary>
    ETIME = 62,
    /// <summary><c>ENOSR</c>: Out of streams resources.</summary>
    ENOSR = 63,
    /// <summary><c>ENOLINK</c>: Link has been severed.</summary>
    ENOLINK = 67,
    /// <summary><c>EPROTO</c>: Protocol error.</summary>
    EPROTO = 71,
    /// <summary><c>EMULTIHOP</c>: Multihop attempted.</summary>
    EMULTIHOP = 72,
    /// <summary><c>EBADMSG</c>: Bad message.</summary>
    EBADMSG = 74,
    /// <summary><c>EOVERFLOW</c>: Value too large for defined data type.</summary>
    EOVERFLOW = 75,
    /// <summary><c>ENOTUNIQ</c>: Name not unique on network.</summary>
    ENOTUNIQ = 76,
    /// <summary><c>EBADFD</c>: File descriptor in bad state.</summary>
    EBADFD = 77,
    /// <summary><c>EILSEQ</c>: Invalid or incomplete multibyte or wide character.</summary>
    EILSEQ = 84,
    /// <summary><c>ERESTART</c>: Interrupted system call should be restarted.</summary>
    ERESTART = 85,
    /// <summary><c>EUSERS</c>: Too many users.</summary>
    EUSERS = 87,
    /// <summary><c>ENOTSOCK</c>: Socket operation on non-socket.</summary>
    ENOTSOCK = 88,
    /// <summary><c>EDESTADDRREQ</c>: Destination address required.</summary>
    EDESTADDRREQ = 89,
    /// <summary><c>EMSGSIZE</c>: Message too long.</summary>
    EMSGSIZE = 90,
    /// <summary><c>EPROTOTYPE</c>: Protocol wrong type for socket.</summary>
    EPROTOTYPE = 91,
    /// <summary><c>ENOPROTOOPT</c>: Protocol not available.</summary>
    ENOPROTOOPT = 92,
    /// <summary><c>EPROTONOSUPPORT</c>: Protocol not supported.</summary>
    EPROTONOSUPPORT = 93,
    /// <summary><c>ESOCKTNOSUPPORT</c>: Socket type not supported.</summary>
    ESOCKTNOSUPPORT = 94,
    /// <summary><c>EOPNOTSUPP</c>: Operation not supported.</summary>
    EOPNOTSUPP = 95,
    /// <summary><c>EPFNOSUPPORT</c>: Protocol family not supported.</summary>
    EPFNOSUPPORT = 96,
    /// <summary><c>EAFNOSUPPORT</c>: Address family not supported by protocol.</summary>
    EAFNOSUPPORT = 97,
    /// <summary><c>EADDRINUSE</c>: Address already in use.</summary>
    EADDRINUSE = 98,
    /// <summary><c>EADDRNOTAVAIL</c>: Cannot assign requested address.</summary>
    EADDRNOTAVAIL = 99,
    /// <summary><c>ENETDOWN</c>: Network is down.</summary>
    ENETDOWN = 100,
    /// <summary><c>ENETUNREACH</c>: Network is unreachable.</summary>
    ENETUNREACH = 101,
    /// <summary><c>ENETRESET</c>: Network dropped connection on reset.</summary>
    ENETRESET = 102,
    /// <summary><c>ECONNABORTED</c>: Software caused connection abort.</summary>
    ECONNABORTED = 103,
    /// <summary><c>ECONNRESET</c>: Connection reset by peer.</summary>
    ECONNRESET = 104,
    /// <summary><c>ENOBUFS</c>: No buffer space available.</summary>
    ENOBUFS = 105,
    /// <summary><c>EISCONN</c>: Transport endpoint is already connected.</summary>
    EISCONN = 106,
    /// <summary><c>ENOTCONN</c>: Transport endpoint is not connected.</summary>
    ENOTCONN = 107,
    /// <summary><c>ESHUTDOWN</c>: Cannot send after transport endpoint shutdown.</summary>
    ESHUTDOWN = 108,
    /// <summary><c>ETOOMANYREFS</c>: Too many references: cannot splice.</summary>
    ETOOMANYREFS = 109,
    /// <summary><c>ETIMEDOUT</c>: Connection timed out.</summary>
    ETIMEDOUT = 110,
    /// <summary><c>ECONNREFUSED</c>: Connection refused.</summary>
    ECONNREFUSED = 111,
    /// <summary><c>EHOSTDOWN</c>: Host is down.</summary>
    EHOSTDOWN = 112,
    /// <summary><c>EHOSTUNREACH</c>: No route to host.</summary>
    EHOSTUNREACH = 113,
    /// <summary><c>EALREADY</c>: Operation already in progress.</summary>
    EALREADY = 114,
    /// <summary><c>EINPROGRESS</c>: Operation now in progress.</summary>
    EINPROGRESS = 115,
    /// <summary><c>ESTALE</c>: Stale file handle.</summary>
    ESTALE = 116,
    /// <summary><c>EREMOTEIO</c>: Remote I/O error.</summary>
    EREMOTEIO = 121,
    /// <summary><c>EDQUOT</c>: Disk quota exceeded.</summary>
    EDQUOT = 122,
    /// <summary><c>ENOMEDIUM</c>: No medium found.</summary>
    ENOMEDIUM = 123,
    /// <summary><c>EMEDIUMTYPE</c>: Wrong medium type.</summary>
    EMEDIUMTYPE = 124,
    /// <summary><c>ECANCELED</c>: Operation canceled.</summary>
    ECANCELED = 125,
    /// <summary><c>ENOKEY</c>: Required key not available.</summary>
    ENOKEY = 126,
    /// <summary><c>EKEYEXPIRED</c>: Key has expired.</summary>
    EKEYEXPIRED = 127,
    /// <summary><c>EKEYREVOKED</c>: Key has been revoked.</summary>
    EKEYREVOKED = 128,
    /// <summary><c>EKEYREJECTED</c>: Key was rejected by service.</summary>
    EKEYREJECTED = 129,
    /// <summary><c>EOWNERDEAD</c>: Owner died.</summary>
    EOWNERDEAD = 130,
    /// <summary><c>ENOTRECOVERABLE</c>: State not recoverable.</summary>
    ENOTRECOVERABLE = 131,
    /// <summary><c>ERFKILL</c>: Operation not possible due to RF-kill.</summary>
    ERFKILL = 132,
    /// <summary><c>EHWPOISON</c>: Memory page has hardware error.</summary>
    EHWPOISON = 133,
    /// <summary><c>EWOULDBLOCK</c>, the same value as <see cref="EAGAIN"/>.</summary>
    EWOULDBLOCK = EAGAIN,
    /// <summary><c>ENOTSUP</c>, the same value as <see cref="EOPNOTSUPP"/> on Linux.</summary>
    ENOTSUP = EOPNOTSUPP,
}
