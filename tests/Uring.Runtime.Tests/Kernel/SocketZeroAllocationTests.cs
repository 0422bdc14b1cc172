using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>The socket family's steady state allocates nothing: measured, after a warm-up.</summary>
public sealed unsafe class SocketZeroAllocationTests
{
    [Fact]
    public void Send_recv_sendmsg_recvmsg_and_socket_commands_on_a_connected_pair_allocate_nothing()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
        (int client, int server) = Loopback.TcpPair(ring);
        using NativeBuffer memory = new(4096);
        Span<byte> payload = memory.Span[..256];
        Span<byte> back = memory.Span.Slice(512, 256);
        Span<byte> option = memory.Span.Slice(1024, 4);
        IoVector* receiveVectors = (IoVector*)(memory.Pointer + 2048);
        receiveVectors[0] = new IoVector(memory.Pointer + 512, 100);
        receiveVectors[1] = new IoVector(memory.Pointer + 612, 156);
        Span<MessageHeader> header = new(memory.Pointer + 3072, 1);
        payload.Fill(0x42);
        CqeView[] batch = new CqeView[8];

        // The iovec array is a stack temporary refilled every iteration: the ring stages a copy per SQE.
        Span<IoVector> sendVectors = stackalloc IoVector[2];

        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2_000; i++)
            {
                Assert.True(ring.TryPrepareSend(SqeContext.FromValue(1), client, payload));
                Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(2), server, back, MessageFlags.WaitAll));
                Exchange(ring, batch, 2);

                sendVectors[0] = new IoVector(memory.Pointer, 56);
                sendVectors[1] = new IoVector(memory.Pointer + 56, 200);
                Assert.True(ring.TryPrepareSendMsg(SqeContext.FromValue(3), client, new SendMessage(sendVectors)));
                header[0] = MessageHeader.ForReceive(default, new ReadOnlySpan<IoVector>(receiveVectors, 2));
                Assert.True(ring.TryPrepareRecvMsg(SqeContext.FromValue(4), server, header, MessageFlags.WaitAll));
                Assert.True(ring.TryPrepareGetSocketOption(SqeContext.FromValue(5), server, SockOpt.SocketLevel, SockOpt.ReceiveBuffer, option));
                Assert.True(ring.TryPrepareSocketInQueue(SqeContext.FromValue(6), server));
                Exchange(ring, batch, 4);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }

        Assert.True(back.SequenceEqual(payload));
        Posix.CloseQuietly(ref client);
        Posix.CloseQuietly(ref server);
    }

    private static void Exchange(Ring ring, CqeView[] batch, int count)
    {
        int got = 0;
        while (got < count)
        {
            int n = ring.Wait(batch.AsSpan(got), count - got, TimeSpan.FromSeconds(10));
            for (int c = got; c < got + n; c++)
            {
                if (batch[c].Result < 0)
                {
                    throw new InvalidOperationException("request failed");
                }
            }

            got += n;
        }
    }
}
