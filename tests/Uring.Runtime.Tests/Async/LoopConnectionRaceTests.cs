using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>
/// Dispose racing operations started on other threads: every operation ends (aborted or refused), none reaches a
/// closed descriptor, and every descriptor is closed exactly once.
/// </summary>
public sealed class LoopConnectionRaceTests
{
    [Fact]
    public async Task Disposing_while_other_threads_start_receives_and_sends_ends_every_operation_and_closes_every_fd()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 16 });
        for (int round = 0; round < 200; round++)
        {
            (int a, int b) = Posix.UnixStreamPair();
            LoopConnection connection = loop.AdoptConnection(a);
            using Barrier start = new(5);
            Task[] users = new Task[4];
            for (int i = 0; i < users.Length; i++)
            {
                bool send = i % 2 == 0;
                users[i] = Task.Run(async () =>
                {
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    try
                    {
                        if (send)
                        {
                            await connection.SendAsync(new byte[16]);
                        }
                        else
                        {
                            _ = await connection.ReceiveAsync(new byte[16]);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
                    {
                    }
                }, TestContext.Current.CancellationToken);
            }

            start.SignalAndWait(TestContext.Current.CancellationToken);
            try
            {
                await connection.DisposeAsync().AsTask().Bounded();
                await Task.WhenAll(users).Bounded();
            }
            catch (TimeoutException)
            {
                Assert.Fail($"round {round}: {loop.GetStatistics()} users: {string.Join(",", Array.ConvertAll(users, u => u.Status.ToString()))} closed={connection.Closed.IsCompleted}");
            }

            Posix.CloseQuietly(ref b);
        }

        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 0, "every operation ended");
        EventLoopStatistics statistics = loop.GetStatistics();
        Assert.Equal(1, statistics.OwnedFileDescriptors);
        Assert.Equal(0, statistics.SourcesOutstanding);
    }
}
