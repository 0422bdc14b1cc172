using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Bodies of every size both ways, every byte checked, with application code on the thread pool and inline on the loop.</summary>
public sealed class RequestBodyTests
{
    private static readonly int[] s_sizes = [0, 1, 13, 4095, 4096, 4097, 65535, 65537, 1 << 20, (1 << 20) + 3, 8 << 20];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GET_bodies_from_0_bytes_to_8_MiB_arrive_intact(bool inline)
    {
        await using TestApp app = await TestApp.StartAsync(transport: options => options.UnsafePreferInlineScheduling = inline);
        using HttpClient client = app.CreateClient();
        foreach (int size in s_sizes)
        {
            using HttpResponseMessage response = await client.GetAsync($"bytes/{size}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            byte[] body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Equal(size, body.Length);
            Assert.True(Payload.Create(size, size).AsSpan().SequenceEqual(body), $"GET /bytes/{size}: the body differs");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task POST_bodies_from_0_bytes_to_8_MiB_echo_back_intact(bool inline)
    {
        await using TestApp app = await TestApp.StartAsync(transport: options => options.UnsafePreferInlineScheduling = inline);
        using HttpClient client = app.CreateClient();
        foreach (int size in s_sizes)
        {
            byte[] sent = Payload.Create(size, size + 1);
            using ByteArrayContent content = new(sent);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using HttpResponseMessage response = await client.PostAsync("echo", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            byte[] body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Equal(size, body.Length);
            Assert.True(sent.AsSpan().SequenceEqual(body), $"POST /echo of {size} bytes: the echo differs");
        }
    }

    [Fact]
    public async Task A_chunked_request_body_of_1_MiB_in_uneven_chunks_echoes_back_intact()
    {
        await using TestApp app = await TestApp.StartAsync();
        await using RawHttp connection = await RawHttp.ConnectAsync(app.EndPoint);
        byte[] sent = Payload.Create(1 << 20, 99);
        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
        int offset = 0;
        int chunk = 1;
        while (offset < sent.Length)
        {
            int size = System.Math.Min(chunk, sent.Length - offset);
            await connection.SendAsync($"{size:x}\r\n");
            await connection.SendAsync(sent.AsMemory(offset, size));
            await connection.SendAsync("\r\n");
            offset += size;
            chunk = chunk * 7 % 40_000 + 1;
        }

        await connection.SendAsync("0\r\n\r\n");
        RawResponse response = await connection.ReadResponseAsync();
        Assert.Equal(200, response.Status);
        Assert.True(sent.SequenceEqual(response.Body), "the chunked echo differs");
    }
}
