using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Uring;

/// <summary>
/// A socket address as the kernel reads and writes it: a <c>struct sockaddr_storage</c> (128 bytes,
/// big enough for <c>sockaddr_in</c>, <c>sockaddr_in6</c> and <c>sockaddr_un</c>) followed by its length
/// (<c>socklen_t</c>, +128). 136 bytes, unmanaged, no references.
/// </summary>
/// <remarks>
/// <para>
/// Bind, connect and sendto stage a copy per SQ slot (the kernel copies the address when it consumes the
/// SQE), so a <see cref="SockAddr"/> on the stack is fine there. <see cref="Ring.TryPrepareAccept(SqeContext, int, Span{SockAddr}, AcceptFlags, FileTarget, in OpOptions)"/>
/// and <see cref="MessageHeader"/>-based receives write into the caller's <see cref="SockAddr"/> at
/// completion: that one must be in memory that does not move until the CQE.
/// </para>
/// <para>
/// The factories, <see cref="Family"/>, <see cref="Port"/> and <see cref="TryWriteAddress"/> allocate
/// nothing. <see cref="ToEndPoint"/>, <see cref="ToIPEndPoint"/> and <see cref="ToString"/> build managed
/// objects and do allocate.
/// </para>
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 136)]
public unsafe struct SockAddr
{
    /// <summary>Bytes of address storage (<c>sizeof(struct sockaddr_storage)</c>).</summary>
    public const int Capacity = 128;

    /// <summary>Bytes of <c>sun_path</c> in a <c>sockaddr_un</c>, including the terminating NUL of a path name.</summary>
    public const int UnixPathCapacity = 108;

    /// <summary><c>sizeof(struct sockaddr_in)</c>.</summary>
    public const int IPv4Length = 16;

    /// <summary><c>sizeof(struct sockaddr_in6)</c>.</summary>
    public const int IPv6Length = 28;

    /// <summary><c>offsetof(struct sockaddr_un, sun_path)</c>: the family field.</summary>
    public const int UnixPathOffset = 2;

    /// <summary>Offset of <see cref="Length"/>: right after the storage.</summary>
    public const int LengthOffset = Capacity;

    [FieldOffset(0)]
    private fixed byte _storage[Capacity];

    /// <summary>
    /// The address length in bytes (<c>socklen_t</c>). The factories set it; the kernel reads it for bind,
    /// connect and sendto, and writes it when accept reports a peer.
    /// </summary>
    [FieldOffset(LengthOffset)]
    public uint Length;

    /// <summary>The raw storage bytes (all 128; the address is the first <see cref="Length"/>).</summary>
    [UnscopedRef]
    public Span<byte> Bytes => MemoryMarshal.CreateSpan(ref _storage[0], Capacity);

    /// <summary>The address family (<c>sa_family</c>, the first two bytes).</summary>
    public readonly SocketDomain Family
    {
        get
        {
            fixed (byte* p = _storage)
            {
                return (SocketDomain)(*(ushort*)p);
            }
        }
    }

    /// <summary>The port of an IPv4 or IPv6 address (stored in network byte order); 0 for other families.</summary>
    public readonly int Port
    {
        get
        {
            SocketDomain family = Family;
            if (family is not (SocketDomain.IPv4 or SocketDomain.IPv6))
            {
                return 0;
            }

            fixed (byte* p = _storage)
            {
                return BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(p + 2, 2));
            }
        }
    }

    /// <summary>An IPv4 <c>sockaddr_in</c> for 127.0.0.1.</summary>
    public static SockAddr IPv4Loopback(int port) => IPv4(0x7F000001, port);

    /// <summary>An IPv4 <c>sockaddr_in</c> for 0.0.0.0 (every interface).</summary>
    public static SockAddr IPv4Any(int port) => IPv4(0, port);

    /// <summary>An IPv6 <c>sockaddr_in6</c> for ::1.</summary>
    public static SockAddr IPv6Loopback(int port)
    {
        Span<byte> address = stackalloc byte[16];
        address.Clear();
        address[15] = 1;
        return IPv6(address, port);
    }

    /// <summary>An IPv6 <c>sockaddr_in6</c> for :: (every interface).</summary>
    public static SockAddr IPv6Any(int port)
    {
        Span<byte> address = stackalloc byte[16];
        address.Clear();
        return IPv6(address, port);
    }

    /// <summary>An IPv4 <c>sockaddr_in</c> from a host-order address (127.0.0.1 is 0x7F000001).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not 0–65535.</exception>
    public static SockAddr IPv4(uint address, int port)
    {
        ValidatePort(port);
        SockAddr result = default;
        Span<byte> bytes = result.Bytes;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)SocketDomain.IPv4);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], (ushort)port);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[4..], address);
        result.Length = IPv4Length;
        return result;
    }

    /// <summary>
    /// An IPv6 <c>sockaddr_in6</c>: 16 address bytes, port, flow label (<c>sin6_flowinfo</c>, stored in network
    /// byte order) and scope id (<c>sin6_scope_id</c>, host order).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not 16 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not 0–65535.</exception>
    public static SockAddr IPv6(ReadOnlySpan<byte> address, int port, uint flowInfo = 0, uint scopeId = 0)
    {
        if (address.Length != 16)
        {
            throw new ArgumentException("An IPv6 address is 16 bytes.", nameof(address));
        }

        ValidatePort(port);
        SockAddr result = default;
        Span<byte> bytes = result.Bytes;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)SocketDomain.IPv6);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], (ushort)port);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[4..], flowInfo);
        address.CopyTo(bytes[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[24..], scopeId);
        result.Length = IPv6Length;
        return result;
    }

    /// <summary>
    /// The address of <paramref name="endPoint"/>: a <c>sockaddr_in</c> for IPv4, a <c>sockaddr_in6</c> (with
    /// the address's scope id) for IPv6. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The address family is neither IPv4 nor IPv6.</exception>
    public static SockAddr FromIPEndPoint(IPEndPoint endPoint, uint flowInfo = 0)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return FromIPAddress(endPoint.Address, endPoint.Port, flowInfo);
    }

    /// <summary>The address of <paramref name="address"/> and <paramref name="port"/>. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">The address family is neither IPv4 nor IPv6.</exception>
    public static SockAddr FromIPAddress(IPAddress address, int port, uint flowInfo = 0)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("The address does not fit 16 bytes.", nameof(address));
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), port),
            AddressFamily.InterNetworkV6 => IPv6(bytes[..written], port, flowInfo, (uint)address.ScopeId),
            _ => throw new ArgumentException($"Address family {address.AddressFamily} is neither IPv4 nor IPv6.", nameof(address)),
        };
    }

    /// <summary>
    /// A Unix-domain <c>sockaddr_un</c>. A <paramref name="path"/> that starts with NUL is an abstract name
    /// (Linux): the rest of it is the name, not NUL-terminated, and may hold any characters. Otherwise it is a
    /// file-system path: NUL-terminated, at most 107 UTF-8 bytes, no NUL inside. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, too long, has a NUL inside, or holds a lone UTF-16 surrogate.</exception>
    public static SockAddr Unix(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            throw new ArgumentException("A Unix socket path must not be empty (use \"\\0name\" for an abstract name).", nameof(path));
        }

        bool isAbstract = path[0] == '\0';
        if (!isAbstract && path.Contains('\0'))
        {
            throw new ArgumentException("A Unix socket path must not contain NUL (only an abstract name starts with one).", nameof(path));
        }

        int bytes = StrictUtf8.ByteCount(path, nameof(path), isAbstract ? "abstract socket name" : "Unix socket path");
        int limit = isAbstract ? UnixPathCapacity : UnixPathCapacity - 1;
        if (bytes > limit)
        {
            throw new ArgumentException($"The Unix socket {(isAbstract ? "name" : "path")} is {bytes} UTF-8 bytes; sun_path holds at most {limit}.", nameof(path));
        }

        SockAddr result = default;
        Span<byte> storage = result.Bytes;
        BinaryPrimitives.WriteUInt16LittleEndian(storage, (ushort)SocketDomain.Unix);
        Encoding.UTF8.GetBytes(path, storage[UnixPathOffset..]);
        result.Length = (uint)(UnixPathOffset + bytes + (isAbstract ? 0 : 1));
        return result;
    }

    /// <summary>
    /// Writes the IP address bytes (4 or 16) of an IPv4/IPv6 address into <paramref name="destination"/>.
    /// False for other families or a destination that is too small. Allocates nothing.
    /// </summary>
    public readonly bool TryWriteAddress(Span<byte> destination, out int written)
    {
        written = 0;
        SocketDomain family = Family;
        int size = family switch
        {
            SocketDomain.IPv4 => 4,
            SocketDomain.IPv6 => 16,
            _ => 0,
        };
        if (size == 0 || destination.Length < size)
        {
            return false;
        }

        fixed (byte* p = _storage)
        {
            new ReadOnlySpan<byte>(p + (family == SocketDomain.IPv4 ? 4 : 8), size).CopyTo(destination);
        }

        written = size;
        return true;
    }

    /// <summary>The address as an <see cref="IPEndPoint"/> (IPv6 keeps its scope id). Allocates.</summary>
    /// <exception cref="InvalidOperationException">The family is neither IPv4 nor IPv6.</exception>
    public readonly IPEndPoint ToIPEndPoint()
    {
        Span<byte> address = stackalloc byte[16];
        if (!TryWriteAddress(address, out int written))
        {
            throw new InvalidOperationException($"A {Family} address is not an IP end point.");
        }

        IPAddress ip = written == 4 ? new IPAddress(address[..4]) : new IPAddress(address, ScopeId);
        return new IPEndPoint(ip, Port);
    }

    /// <summary>
    /// The address as an <see cref="EndPoint"/>: an <see cref="IPEndPoint"/> for IPv4/IPv6, a
    /// <see cref="UnixDomainSocketEndPoint"/> for a named Unix socket (an abstract name keeps its leading NUL).
    /// Null for an unnamed Unix socket (an unbound client, a socketpair peer) and for
    /// <see cref="SocketDomain.Unspecified"/>. Allocates.
    /// </summary>
    /// <exception cref="NotSupportedException">Another family.</exception>
    public readonly EndPoint? ToEndPoint()
    {
        switch (Family)
        {
            case SocketDomain.IPv4:
            case SocketDomain.IPv6:
                return ToIPEndPoint();
            case SocketDomain.Unix:
                string? path = UnixPath();
                return path is null ? null : new UnixDomainSocketEndPoint(path);
            case SocketDomain.Unspecified:
                return null;
            default:
                throw new NotSupportedException($"Address family {(int)Family} has no EndPoint conversion.");
        }
    }

    /// <summary>The address in text (<c>127.0.0.1:80</c>, <c>[::1]:80</c>, <c>unix:/path</c>, <c>unix:@name</c>). Allocates.</summary>
    public override readonly string ToString() => Family switch
    {
        SocketDomain.IPv4 or SocketDomain.IPv6 => ToIPEndPoint().ToString(),
        SocketDomain.Unix => UnixPath() is { } path
            ? "unix:" + (path.Length > 0 && path[0] == '\0' ? "@" + path[1..] : path)
            : "unix:(unnamed)",
        _ => $"family {(int)Family}, {Length} bytes",
    };

    private readonly uint ScopeId
    {
        get
        {
            fixed (byte* p = _storage)
            {
                return *(uint*)(p + 24);
            }
        }
    }

    /// <summary>
    /// The <c>sun_path</c> of a Unix address, or null when unnamed. With a known <see cref="Length"/> an
    /// abstract name is exactly the bytes after the family; a path ends at its NUL.
    /// </summary>
    private readonly string? UnixPath()
    {
        fixed (byte* p = _storage)
        {
            ReadOnlySpan<byte> sunPath = new(p + UnixPathOffset, UnixPathCapacity);
            int known = Length > UnixPathOffset && Length <= UnixPathOffset + UnixPathCapacity
                ? (int)Length - UnixPathOffset
                : -1;
            if (known == 0 || (known < 0 && sunPath[0] == 0))
            {
                return null;
            }

            if (sunPath[0] == 0)
            {
                return Encoding.UTF8.GetString(sunPath[..known]);
            }

            ReadOnlySpan<byte> name = known > 0 ? sunPath[..known] : sunPath;
            int nul = name.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? name[..nul] : name);
        }
    }

    private static void ValidatePort(int port)
    {
        if ((uint)port > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0–65535.");
        }
    }
}
