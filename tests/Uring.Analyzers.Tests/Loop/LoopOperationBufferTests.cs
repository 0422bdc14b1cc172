using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Loop;

/// <summary>
/// The loop's operations take Memory&lt;byte&gt; and pin it until their completion, which their task waits for:
/// none of the buffer-lifetime rules applies to them.
/// </summary>
public sealed class LoopOperationBufferTests
{
    [Fact]
    public Task Plain_and_pooled_arrays_given_to_loop_operations_are_fine() => V.Diagnostics("""
        using System.Net.Sockets;

        sealed class EchoSession
        {
            public async Task RunAsync(LoopConnection connection, CancellationToken token)
            {
                byte[] buffer = new byte[4096];
                byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    while (true)
                    {
                        int n = await connection.ReceiveAsync(buffer, token);
                        if (n == 0)
                        {
                            break;
                        }

                        buffer.AsSpan(0, n).CopyTo(rented);
                        await connection.SendAsync(rented.AsMemory(0, n), token);
                        buffer[0] = 0;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
        """);

    [Fact]
    public Task Memory_owners_disposed_after_file_operations_are_fine() => V.Diagnostics("""
        using Microsoft.Win32.SafeHandles;

        sealed class Copier
        {
            public async Task CopyAsync(EventLoop loop, SafeFileHandle source, SafeFileHandle target, long length)
            {
                using IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(64 * 1024);
                for (long offset = 0; offset < length;)
                {
                    int n = await loop.ReadAsync(source, owner.Memory, offset);
                    await loop.WriteAsync(target, owner.Memory.Slice(0, n), offset);
                    offset += n;
                }
            }
        }
        """);
}
