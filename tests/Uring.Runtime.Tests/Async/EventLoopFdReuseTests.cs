using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// The fd-reuse race: a receive is pending on a connection whose fd is closed and whose number goes to a new
/// connection. Completions are routed by source and generation, never by fd number, so the old receive's completion
/// reaches only the old operation, and cancelling it leaves the new connection's receive alone. The descriptor number is
/// reused on purpose, so no other test may open descriptors meanwhile.
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class EventLoopFdReuseTests
{
    [Fact]
    public async Task A_late_completion_for_a_closed_connection_never_reaches_the_one_that_reused_its_fd()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int oldConnection, int oldPeer) = Posix.UnixStreamPair();
        (int newConnection, int newPeer) = Posix.UnixStreamPair();
        int fd = oldConnection;
        try
        {
            byte[] oldBuffer = new byte[16];
            ValueTask<int> oldReceive = loop.ReceiveAsync(fd, oldBuffer);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the old receive is in flight");

            // Close the old connection's fd (the pending receive keeps the socket itself alive in the kernel), and give
            // the number to the new connection.
            await loop.CloseAsync(fd).Bounded();
            Posix.Dup2(newConnection, fd);
            Posix.CloseQuietly(ref newConnection);
            newConnection = -1;

            byte[] newBuffer = new byte[16];
            ValueTask<int> newReceive = loop.ReceiveAsync(fd, newBuffer);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 2, "both receives are in flight");

            // The old peer's bytes complete the old receive only.
            Posix.WriteAll(oldPeer, "old"u8);
            Assert.Equal(3, await oldReceive.Bounded());
            Assert.Equal("old"u8.ToArray(), oldBuffer[..3]);
            Assert.False(newReceive.IsCompleted);

            Posix.WriteAll(newPeer, "new!"u8);
            Assert.Equal(4, await newReceive.Bounded());
            Assert.Equal("new!"u8.ToArray(), newBuffer[..4]);
            Assert.All(oldBuffer[3..], b => Assert.Equal(0, b));
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
            Posix.CloseQuietly(ref oldPeer);
            Posix.CloseQuietly(ref newConnection);
            Posix.CloseQuietly(ref newPeer);
        }
    }

    [Fact]
    public async Task Cancelling_the_old_receive_leaves_the_new_connections_receive_on_the_same_fd_number_alone()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int oldConnection, int oldPeer) = Posix.UnixStreamPair();
        (int newConnection, int newPeer) = Posix.UnixStreamPair();
        int fd = oldConnection;
        try
        {
            using System.Threading.CancellationTokenSource cancel = new();
            ValueTask<int> oldReceive = loop.ReceiveAsync(fd, new byte[16], cancellationToken: cancel.Token);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the old receive is in flight");
            await loop.CloseAsync(fd).Bounded();
            Posix.Dup2(newConnection, fd);
            Posix.CloseQuietly(ref newConnection);
            newConnection = -1;
            byte[] newBuffer = new byte[16];
            ValueTask<int> newReceive = loop.ReceiveAsync(fd, newBuffer);
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 2, "both receives are in flight");

            // The cancel names the old request's user_data, not the fd.
            cancel.Cancel();
            await Assert.ThrowsAsync<System.OperationCanceledException>(() => oldReceive.Bounded());
            Assert.False(newReceive.IsCompleted);
            Assert.Equal(1, loop.GetStatistics().OperationsInFlight);

            Posix.WriteAll(newPeer, "mine"u8);
            Assert.Equal(4, await newReceive.Bounded());
            Assert.Equal("mine"u8.ToArray(), newBuffer[..4]);
        }
        finally
        {
            Posix.CloseQuietly(ref fd);
            Posix.CloseQuietly(ref oldPeer);
            Posix.CloseQuietly(ref newConnection);
            Posix.CloseQuietly(ref newPeer);
        }
    }
}
