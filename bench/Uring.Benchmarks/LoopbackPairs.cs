using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Uring.Benchmarks;

/// <summary>The kind of connected stream pair a socket benchmark runs over.</summary>
public enum Transport
{
    /// <summary>TCP over 127.0.0.1.</summary>
    Tcp,

    /// <summary>An AF_UNIX stream socket (a listener on a temporary path, then connect + accept).</summary>
    Unix,
}

/// <summary>
/// <see cref="Count"/> connected stream pairs (A = the connecting side, B = the accepted side), made with
/// System.Net.Sockets so every row of a comparison runs over identically configured sockets; the Uring rows
/// use their descriptors. The descriptors stay blocking (as a fresh <see cref="Socket"/> is) until a .NET
/// async operation switches them: each benchmark makes its own pairs, so no row inherits another's mode.
/// </summary>
internal sealed class LoopbackPairs : IDisposable
{
    private readonly Socket[] _a;
    private readonly Socket[] _b;

    public LoopbackPairs(Transport transport, int count)
    {
        _a = new Socket[count];
        _b = new Socket[count];
        string? path = transport == Transport.Unix
            ? Path.Combine(Path.GetTempPath(), $"uring-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.sock")
            : null;
        EndPoint bindTo = path is null ? new IPEndPoint(IPAddress.Loopback, 0) : new UnixDomainSocketEndPoint(path);
        using Socket listener = NewSocket(transport);
        listener.Bind(bindTo);
        listener.Listen(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                _a[i] = NewSocket(transport);
                _a[i].Connect(listener.LocalEndPoint!);
                _b[i] = listener.Accept();
            }
        }
        finally
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
    }

    public int Count => _a.Length;

    public Socket A(int i) => _a[i];

    public Socket B(int i) => _b[i];

    public int FdA(int i) => (int)_a[i].SafeHandle.DangerousGetHandle();

    public int FdB(int i) => (int)_b[i].SafeHandle.DangerousGetHandle();

    public void Dispose()
    {
        foreach (Socket s in _a)
        {
            s?.Dispose();
        }

        foreach (Socket s in _b)
        {
            s?.Dispose();
        }
    }

    private static Socket NewSocket(Transport transport) => transport == Transport.Tcp
        ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
}
