using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Uring.AspNetCore.Tests.Support;

/// <summary>One HTTP/1.1 response read off a raw socket.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// HTTP/1.1 over a plain socket, for what HttpClient will not do: pipelining, a request cut off mid-body, a connection
/// held open idle. Reads responses with Content-Length or chunked bodies.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttp(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<RawHttp> ConnectAsync(EndPoint endPoint)
    {
        Socket socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, TestContext.Current.CancellationToken).AsTask().WaitAsync(s_bound, TestContext.Current.CancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawHttp(socket);
    }

    /// <summary>A GET request's bytes.</summary>
    public static byte[] Get(string path) => Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n");

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await Socket.SendAsync(bytes, SocketFlags.None, TestContext.Current.CancellationToken).AsTask().WaitAsync(s_bound, TestContext.Current.CancellationToken);
            bytes = bytes[sent..];
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads one whole response; fails the test on end of stream before it.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        string statusLine = await ReadLineAsync() ?? throw new EndOfStreamException("The server closed the connection before a response.");
        string[] parts = statusLine.Split(' ', 3);
        Assert.True(parts.Length >= 2 && parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal), $"Not a status line: '{statusLine}'");
        int status = int.Parse(parts[1], CultureInfo.InvariantCulture);
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            string line = await ReadLineAsync() ?? throw new EndOfStreamException("End of stream in the headers.");
            if (line.Length == 0)
            {
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] body;
        if (headers.TryGetValue("Content-Length", out string? length))
        {
            body = await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out string? encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using MemoryStream chunks = new();
            while (true)
            {
                string sizeLine = await ReadLineAsync() ?? throw new EndOfStreamException("End of stream in a chunk size.");
                int size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    Assert.Equal(string.Empty, await ReadLineAsync());
                    break;
                }

                chunks.Write(await ReadExactlyAsync(size));
                Assert.Equal(string.Empty, await ReadLineAsync());
            }

            body = chunks.ToArray();
        }
        else
        {
            body = [];
        }

        return new RawResponse(status, headers, body);
    }

    /// <summary>True when the server closed the connection (end of stream or a reset) with nothing more to read.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        if (_end > _start)
        {
            return false;
        }

        try
        {
            int read = await Socket.ReceiveAsync(_buffer, SocketFlags.None, TestContext.Current.CancellationToken).AsTask().WaitAsync(s_bound, TestContext.Current.CancellationToken);
            return read == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>Closes with a reset (SO_LINGER 0) instead of a FIN.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        int read = await Socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, TestContext.Current.CancellationToken).AsTask().WaitAsync(s_bound, TestContext.Current.CancellationToken);
        _end += read;
        return read > 0;
    }

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                int length = newline - _start;
                string line = Encoding.ASCII.GetString(_buffer, _start, length > 0 && _buffer[newline - 1] == '\r' ? length - 1 : length);
                _start = newline + 1;
                return line;
            }

            if (_end == _buffer.Length && _start == 0)
            {
                throw new InvalidDataException("A header line longer than the buffer.");
            }

            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        byte[] result = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            if (_end == _start && !await FillAsync())
            {
                throw new EndOfStreamException($"End of stream after {filled} of {count} body bytes.");
            }

            int take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }

        return result;
    }
}
