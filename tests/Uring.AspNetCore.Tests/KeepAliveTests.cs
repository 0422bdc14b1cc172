using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Many requests over one connection: keep-alive and HTTP/1.1 pipelining.</summary>
public sealed class KeepAliveTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_thousand_keep_alive_requests_travel_over_one_connection(bool inline)
    {
        await using TestApp app = await TestApp.StartAsync(transport: options => options.UnsafePreferInlineScheduling = inline);
        using HttpClient client = app.CreateClient(maxConnections: 1);
        HashSet<string> connectionIds = [];
        for (int i = 0; i < 1000; i++)
        {
            string answer = await client.GetStringAsync("connection", TestContext.Current.CancellationToken);
            connectionIds.Add(answer.Split(' ')[0]);
        }

        Assert.Single(connectionIds);

        // One connection in all: the two loops own their eventfds and that one connection.
        int owned = 0;
        foreach (EventLoop loop in app.Loops.Loops)
        {
            owned += loop.GetStatistics().OwnedFileDescriptors;
        }

        Assert.Equal(3, owned);
    }

    [Fact]
    public async Task Sixteen_pipelined_requests_in_one_write_get_sixteen_responses_in_order()
    {
        await using TestApp app = await TestApp.StartAsync();
        await using RawHttp connection = await RawHttp.ConnectAsync(app.EndPoint);
        StringBuilder batch = new();
        for (int i = 0; i < 16; i++)
        {
            batch.Append(i % 2 == 0 ? "GET /plaintext HTTP/1.1\r\nHost: test\r\n\r\n" : $"GET /bytes/{i * 100} HTTP/1.1\r\nHost: test\r\n\r\n");
        }

        await connection.SendAsync(batch.ToString());
        for (int i = 0; i < 16; i++)
        {
            RawResponse response = await connection.ReadResponseAsync();
            Assert.Equal(200, response.Status);
            if (i % 2 == 0)
            {
                Assert.Equal("Hello, World!", response.Text);
            }
            else
            {
                Assert.Equal(Payload.Create(i * 100, i * 100), response.Body);
            }
        }
    }

    [Fact]
    public async Task Pipelined_requests_split_at_every_byte_boundary_are_all_answered()
    {
        await using TestApp app = await TestApp.StartAsync();
        await using RawHttp connection = await RawHttp.ConnectAsync(app.EndPoint);
        byte[] three = Encoding.ASCII.GetBytes(string.Concat(
            "GET /plaintext HTTP/1.1\r\nHost: test\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello",
            "GET /plaintext HTTP/1.1\r\nHost: test\r\n\r\n"));

        // 200 pipelined requests in pieces of 1..37 bytes: request heads and bodies cut anywhere.
        List<byte> stream = [];
        for (int i = 0; i < 66; i++)
        {
            stream.AddRange(three);
        }

        byte[] all = stream.ToArray();
        Task sending = Task.Run(async () =>
        {
            int size = 1;
            for (int offset = 0; offset < all.Length; offset += size)
            {
                size = Math.Min(offset % 37 + 1, all.Length - offset);
                await connection.SendAsync(all.AsMemory(offset, size));
            }
        }, TestContext.Current.CancellationToken);

        for (int i = 0; i < 198; i++)
        {
            RawResponse response = await connection.ReadResponseAsync();
            Assert.Equal(200, response.Status);
            Assert.Equal(i % 3 == 1 ? "hello" : "Hello, World!", response.Text);
        }

        await sending;
    }
}
