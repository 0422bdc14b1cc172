using System;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>The README's "Async: event loops" example, as written there, runs.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_async_example_reads_the_host_name_and_times_out_on_an_empty_pipe()
    {
        KernelRequirement.Require();
        (int pipeReadFd, int pipeWriteFd) = Posix.Pipe();
        try
        {
            await using EventLoop loop = new();

            int length = await loop.RunAsync(async () =>
            {
                using SafeFileHandle file = await loop.OpenAsync("/etc/hostname", FileMode.Open);
                byte[] buffer = new byte[4096];
                int read = await loop.ReadAsync(file, buffer, fileOffset: 0);
                await loop.DelayAsync(TimeSpan.FromMilliseconds(10));
                return read;
            }).Bounded();

            Assert.Equal(new FileInfo("/etc/hostname").Length, length);
            byte[] line = new byte[64];
            await Assert.ThrowsAsync<TimeoutException>(() => loop.ReadAsync(pipeReadFd, line, -1, TimeSpan.FromSeconds(1)).Bounded());
        }
        finally
        {
            Posix.CloseQuietly(ref pipeReadFd);
            Posix.CloseQuietly(ref pipeWriteFd);
        }
    }

    [Fact]
    public async Task The_connections_example_echoes_through_a_stream_to_a_pipe()
    {
        KernelRequirement.Require();
        await using EventLoop loop = new();
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();

        Task server = loop.RunAsync(async () =>
        {
            await using LoopConnection connection = await loop.AcceptConnectionAsync(listener);
            await using LoopConnectionStream stream = new(connection);
            await stream.CopyToAsync(stream);
        });

        string reply = await loop.RunAsync(async () =>
        {
            LoopDuplexPipe pipe = LoopDuplexPipe.Start(await loop.ConnectAsync(listener.LocalEndPoint!));
            await using (pipe)
            {
                await pipe.Output.WriteAsync("hello"u8.ToArray());
                await pipe.Output.CompleteAsync();
                while (true)
                {
                    ReadResult result = await pipe.Input.ReadAsync();
                    if (result.IsCompleted)
                    {
                        return Encoding.ASCII.GetString(result.Buffer);
                    }

                    pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }
            }
        }).Bounded();
        await server.Bounded();

        Assert.Equal("hello", reply);
    }
}
