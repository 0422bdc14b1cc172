using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Uring.Samples.Plaintext;

/// <summary>
/// <c>--check</c>: talks to the server over plain blocking sockets and checks every response byte for byte (the Date
/// value only for its shape): one request, 16 pipelined in one write, a request split over several writes, many
/// pipelined batches over several connections at once, and a malformed request (400, then the server closes).
/// </summary>
public sealed class PlaintextCheck(int port)
{
    private long _responses;

    public long Responses => Interlocked.Read(ref _responses);

    public async Task RunAsync(int connections, int batches, int depth)
    {
        using (Socket socket = Connect())
        {
            Send(socket, Request("/plaintext"));
            Expect(socket, new ResponseReader(), 1, "one request");
        }

        using (Socket socket = Connect())
        {
            Send(socket, Repeat(Request("/plaintext"), 16));
            Expect(socket, new ResponseReader(), 16, "16 pipelined requests in one write");
        }

        using (Socket socket = Connect())
        {
            byte[] request = Request("/any/other/path?x=1");
            ResponseReader reader = new();
            for (int at = 0; at < request.Length; at += 7)
            {
                Send(socket, request.AsSpan(at, Math.Min(7, request.Length - at)));
                Thread.Sleep(1);
            }

            Expect(socket, reader, 1, "a request split into 7-byte writes");
        }

        Task[] load = new Task[connections];
        for (int c = 0; c < connections; c++)
        {
            load[c] = Task.Run(() =>
            {
                using Socket socket = Connect();
                ResponseReader reader = new();
                byte[] batch = Repeat(Request("/plaintext"), depth);
                for (int b = 0; b < batches; b++)
                {
                    Send(socket, batch);
                    Expect(socket, reader, depth, "pipelined batches");
                }
            });
        }

        await Task.WhenAll(load);

        using (Socket socket = Connect())
        {
            Send(socket, "NOT HTTP\r\n\r\n"u8);
            string reply = ReadToEnd(socket);
            if (!reply.StartsWith("HTTP/1.1 400 Bad Request\r\n", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a malformed request got: {reply}");
            }
        }
    }

    private static byte[] Request(string path) => Encoding.ASCII.GetBytes(
        $"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n");

    private static byte[] Repeat(byte[] request, int count)
    {
        byte[] all = new byte[request.Length * count];
        for (int i = 0; i < count; i++)
        {
            request.CopyTo(all, i * request.Length);
        }

        return all;
    }

    private Socket Connect()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static void Send(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[socket.Send(bytes)..];
        }
    }

    private void Expect(Socket socket, ResponseReader reader, int count, string what)
    {
        for (int i = 0; i < count; i++)
        {
            string response = reader.Next(socket);
            string? problem = Problem(response);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{what}: response {i + 1} of {count}: {problem}:\n{response}");
            }

            Interlocked.Increment(ref _responses);
        }

        if (reader.Buffered > 0)
        {
            throw new InvalidOperationException($"{what}: {reader.Buffered} bytes more than {count} responses");
        }
    }

    /// <summary>Null when the response is the expected one, with a Date that is a real RFC 1123 date.</summary>
    private static string? Problem(string response)
    {
        const string DatePrefix = "Date: ";
        int date = response.IndexOf("\r\n" + DatePrefix, StringComparison.Ordinal);
        if (date < 0)
        {
            return "no Date header";
        }

        int dateStart = date + 2 + DatePrefix.Length;
        int dateEnd = response.IndexOf("\r\n", dateStart, StringComparison.Ordinal);
        string value = response[dateStart..dateEnd];
        if (!DateTime.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTime when)
            || Math.Abs((when - DateTime.UtcNow).TotalSeconds) > 5)
        {
            return $"Date '{value}' is not now in RFC 1123 form";
        }

        // Written out here, not taken from the server's code, so a mistake there cannot pass for the expectation.
        string expected = $"HTTP/1.1 200 OK\r\nServer: Uring\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nDate: {value}\r\n\r\nHello, World!";
        return response == expected ? null : "not the expected bytes";
    }

    private static string ReadToEnd(Socket socket)
    {
        StringBuilder text = new();
        byte[] buffer = new byte[1024];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>Cuts a byte stream into HTTP responses (head, then Content-Length bytes of body).</summary>
    private sealed class ResponseReader
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public int Buffered => _end - _start;

        public string Next(Socket socket)
        {
            while (true)
            {
                ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
                int head = data.IndexOf("\r\n\r\n"u8);
                if (head >= 0)
                {
                    string headers = Encoding.ASCII.GetString(data[..head]);
                    int length = ContentLength(headers);
                    int total = head + 4 + length;
                    if (data.Length >= total)
                    {
                        _start += total;
                        return Encoding.ASCII.GetString(data[..total]);
                    }
                }

                if (_start > 0)
                {
                    data.CopyTo(_buffer);
                    _end -= _start;
                    _start = 0;
                }

                int read = socket.Receive(_buffer.AsSpan(_end));
                if (read == 0)
                {
                    throw new InvalidOperationException("the server closed the connection before the response was complete");
                }

                _end += read;
            }
        }

        private static int ContentLength(string headers)
        {
            foreach (string line in headers.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            throw new InvalidOperationException("a response without Content-Length");
        }
    }
}
