using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

/// <summary>
/// <c>--check</c>: the app's two endpoints answered from this process, every byte compared with what TechEmpower expects:
/// 1,000 keep-alive requests of each shape through HttpClient, then 64 pipelined /plaintext requests in one write on a
/// raw socket.
/// </summary>
internal static class SelfCheck
{
    private const string Json = "{\"message\":\"Hello, World!\"}";

    public static async Task<int> RunAsync(Uri address)
    {
        int failures = 0;
        using HttpClient client = new() { BaseAddress = address };
        for (int i = 0; i < 1000; i++)
        {
            failures += await ExpectAsync(client, "/plaintext", "Hello, World!", "text/plain");
            failures += await ExpectAsync(client, "/json", Json, "application/json");
        }

        using Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host, address.Port);
        string request = "GET /plaintext HTTP/1.1\r\nHost: check\r\n\r\n";
        byte[] batch = Encoding.ASCII.GetBytes(string.Concat(System.Linq.Enumerable.Repeat(request, 64)));
        await socket.SendAsync(batch);
        StringBuilder received = new();
        byte[] buffer = new byte[16384];
        int bodies = 0;
        while (bodies < 64)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            bodies = CountOf(received.ToString(), "\r\n\r\nHello, World!");
        }

        if (bodies != 64 || CountOf(received.ToString(), "HTTP/1.1 200 OK\r\n") != 64)
        {
            Console.WriteLine($"pipelined: expected 64 responses 200 'Hello, World!', got {bodies}");
            failures++;
        }

        return failures;
    }

    private static async Task<int> ExpectAsync(HttpClient client, string path, string body, string contentType)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode && text == body && response.Content.Headers.ContentType?.MediaType == contentType)
        {
            return 0;
        }

        Console.WriteLine($"{path}: {(int)response.StatusCode} {response.Content.Headers.ContentType} '{text}'");
        return 1;
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
