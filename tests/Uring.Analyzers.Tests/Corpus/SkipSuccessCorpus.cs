using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.SuppressedCompletionAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "waiting for a completion that skip-success suppresses" (URING0008): waits for write-like requests
/// whose success posts nothing on a ring without NotifySucceed; and correct programs that look alike.
/// </summary>
public sealed class SkipSuccessCorpus
{
    [Fact]
    public Task An_unbounded_wait_counting_one_completion_per_send_queued_in_a_loop() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Broadcaster
        {
            private readonly CqeView[] _completions = new CqeView[64];

            public void Broadcast(IReadOnlyList<int> clients, byte[] pinnedPayload)
            {
                using var ring = new Ring(new RingOptions { Entries = 512, NotifySucceed = false });
                ring.Start();
                foreach (int fd in clients)
                {
                    ring.TryPrepareSend(SqeContext.FromValue((ulong)fd), fd, pinnedPayload.AsSpan());
                }

                ring.Submit();
                int done = 0;
                while (done < clients.Count)
                {
                    done += {|URING0008:ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan)|};
                }
            }

            public void BroadcastAll(IReadOnlyList<int> clients, byte[] pinnedPayload)
            {
                using var ring = new Ring(new RingOptions { NotifySucceed = false });
                ring.Start();
                for (int i = 0; i < clients.Count; i++)
                {
                    ring.TryPrepareSend(SqeContext.FromValue((ulong)i), clients[i], pinnedPayload.AsSpan());
                }

                {|URING0008:ring.Wait(_completions, clients.Count, Timeout.InfiniteTimeSpan)|};
            }
        }
        """);

    [Fact]
    public Task A_bounded_wait_for_a_fixed_writes_completion_on_a_default_ring() => V.Diagnostics("""
        sealed class WalAppender : IDisposable
        {
            private readonly Ring _ring = new Ring(new RingOptions { Entries = 64 });
            private readonly CqeView[] _completions = new CqeView[1];
            private readonly int _fd;
            private long _offset;

            public WalAppender(int fd)
            {
                _fd = fd;
                _ring.Start();
                _ring.RegisterBuffers(1, 4096);
            }

            public void Append(ReadOnlySpan<byte> record)
            {
                record.CopyTo(_ring.RegisteredBuffer(0));
                _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), _fd, 0, 0, record.Length, _offset);
                if ({|URING0008:_ring.Wait(_completions, 1, TimeSpan.FromSeconds(1))|} == 0)
                {
                    throw new TimeoutException("The write-ahead log did not acknowledge the record.");
                }

                _offset += record.Length;
            }

            public void Dispose() => _ring.Dispose();
        }
        """);

    [Fact]
    public Task Waiting_for_a_sends_own_completion_in_a_loop_that_dispatches_others() => V.Diagnostics("""
        sealed class Session
        {
            private const ulong SendTag = 0xFFFF_0001;
            private readonly Ring _ring = new Ring();
            private readonly CqeView[] _completions = new CqeView[32];

            public void SendAndPump(int socket, byte[] pinnedReply, Action<CqeView> dispatch)
            {
                _ring.TryPrepareSend(SqeContext.FromValue(SendTag), socket, pinnedReply.AsSpan());
                while (true)
                {
                    int n = {|URING0008:_ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(250))|};
                    for (int i = 0; i < n; i++)
                    {
                        if (_completions[i].Context.Value == SendTag)
                        {
                            return;
                        }

                        dispatch(_completions[i]);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Waits_a_completion_ends_are_fine() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Pump
        {
            private readonly Ring _notifying = new Ring(new RingOptions { NotifySucceed = true });
            private readonly Ring _default = new Ring();
            private readonly CqeView[] _completions = new CqeView[32];

            public void Run(IReadOnlyList<int> clients, byte[] pinned, int socket, CancellationToken token)
            {
                foreach (int fd in clients)
                {
                    _notifying.TryPrepareSend(SqeContext.FromValue((ulong)fd), fd, pinned.AsSpan());
                }

                _notifying.Wait(_completions, clients.Count, Timeout.InfiniteTimeSpan);
                _notifying.TryPrepareWriteFixed(SqeContext.FromValue(1), socket, 0, 0, 16);
                _notifying.Wait(_completions, 1, TimeSpan.FromSeconds(1));

                _default.TryPrepareSend(SqeContext.FromValue(2), socket, pinned.AsSpan());
                _default.TryPrepareRecv(SqeContext.FromValue(3), socket, pinned.AsSpan());
                _default.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                while (!token.IsCancellationRequested)
                {
                    _default.TryPrepareSend(SqeContext.FromValue(4), socket, pinned.AsSpan());
                    int n = _default.Wait(_completions, 1, TimeSpan.FromMilliseconds(10));
                    for (int i = 0; i < n; i++)
                    {
                        Console.WriteLine(_completions[i].Result);
                    }
                }
            }
        }
        """);
}
