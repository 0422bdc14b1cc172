using System;
using System.Globalization;
using System.Text;
using System.Threading;

namespace Uring.Samples.Plaintext;

/// <summary>
/// The bytes of the one response this server gives, in the TechEmpower plaintext shape (status line, Server, Content-Type,
/// Content-Length, Date, body "Hello, World!"). The Date header changes once a second: a timer builds the next response
/// and swaps the reference, so a connection copying the current one never sees a half-written date.
/// </summary>
public static class PlaintextResponse
{
    public const string Body = "Hello, World!";

    private static readonly Timer s_refresh = new(static _ => Refresh(), null, 1000 - DateTime.UtcNow.Millisecond, 1000);
    private static byte[] s_current = Build(DateTime.UtcNow);

    /// <summary>The response for now: read it once per batch of requests.</summary>
    public static byte[] Current => Volatile.Read(ref s_current);

    /// <summary>The answer to a request this server cannot parse; the connection closes after it.</summary>
    public static ReadOnlySpan<byte> BadRequest => "HTTP/1.1 400 Bad Request\r\nServer: Uring\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8;

    /// <summary>The answer to a request whose headers do not fit the receive buffer; the connection closes after it.</summary>
    public static ReadOnlySpan<byte> HeadersTooLarge => "HTTP/1.1 431 Request Header Fields Too Large\r\nServer: Uring\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8;

    /// <summary>The response with the Date header of <paramref name="now"/> (RFC 1123, as HTTP wants it).</summary>
    public static byte[] Build(DateTime now) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" +
        "Server: Uring\r\n" +
        "Content-Type: text/plain\r\n" +
        $"Content-Length: {Body.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
        $"Date: {now.ToString("r", CultureInfo.InvariantCulture)}\r\n" +
        "\r\n" +
        Body);

    /// <summary>Starts the once-a-second refresh (touching the class does).</summary>
    public static void EnsureRefreshing() => GC.KeepAlive(s_refresh);

    private static void Refresh() => Volatile.Write(ref s_current, Build(DateTime.UtcNow));
}
