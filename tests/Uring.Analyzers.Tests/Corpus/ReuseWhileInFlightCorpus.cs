using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "reuse while in flight" (URING0003): buffers held in fields and written or submitted again while an
/// op that uses them is in flight, in the shape application code has them; and correct programs that look alike.
/// </summary>
public sealed class ReuseWhileInFlightCorpus
{
    [Fact]
    public Task Wiping_a_send_buffer_right_after_submit() => V.Diagnostics("""
        sealed class TelemetrySender
        {
            private readonly Ring _ring;
            private readonly int _socket;
            private readonly byte[] _sendBuffer = GC.AllocateArray<byte>(1024, pinned: true);

            public TelemetrySender(Ring ring, int socket)
            {
                _ring = ring;
                _socket = socket;
            }

            public void Send(ReadOnlySpan<byte> payload)
            {
                payload.CopyTo(_sendBuffer);
                if (!_ring.TryPrepareSend(SqeContext.FromValue(1), _socket, _sendBuffer.AsSpan(0, payload.Length)))
                {
                    throw new InvalidOperationException("The submission queue is full.");
                }

                _ring.Submit();
                {|URING0003:Array.Clear(_sendBuffer)|};
            }
        }
        """);

    [Fact]
    public Task Queuing_several_reads_into_one_scratch_buffer() => V.Diagnostics("""
        sealed class ChunkedReader
        {
            private readonly Ring _ring;
            private readonly byte[] _scratch = GC.AllocateArray<byte>(64 * 1024, pinned: true);
            private readonly CqeView[] _completions = new CqeView[32];

            public ChunkedReader(Ring ring) => _ring = ring;

            public long Checksum(int fd, int chunks)
            {
                for (int i = 0; i < chunks; i++)
                {
                    _ring.TryPrepareRead(SqeContext.FromValue((ulong)i), fd, {|URING0003:_scratch.AsSpan()|}, offset: (long)i * _scratch.Length);
                }

                _ring.Submit();
                int seen = 0;
                long sum = 0;
                while (seen < chunks)
                {
                    int n = _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                    for (int j = 0; j < n; j++)
                    {
                        sum += _completions[j].Result;
                    }

                    seen += n;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task Refilling_a_registered_buffer_while_a_fixed_write_names_it() => V.Diagnostics("""
        using System.Buffers.Binary;

        readonly record struct LogRecord(long Timestamp, int Level, int Code);

        sealed class JournalWriter
        {
            private readonly Ring _ring;
            private readonly int _fd;
            private long _offset;

            public JournalWriter(Ring ring, int fd)
            {
                _ring = ring;
                _fd = fd;
                _ring.RegisterBuffers(2, 4096);
            }

            private static int Encode(in LogRecord record, Span<byte> into)
            {
                BinaryPrimitives.WriteInt64LittleEndian(into, record.Timestamp);
                BinaryPrimitives.WriteInt32LittleEndian(into[8..], record.Level);
                BinaryPrimitives.WriteInt32LittleEndian(into[12..], record.Code);
                return 16;
            }

            public void Append(in LogRecord first, in LogRecord second)
            {
                Span<byte> slot = _ring.RegisteredBuffer(0);
                int length = Encode(first, slot);
                _ring.TryPrepareWriteFixed(SqeContext.FromValue(1), _fd, 0, 0, length, _offset);
                _offset += length;
                length = Encode(second, {|URING0003:slot|});
                _ring.TryPrepareWriteFixed(SqeContext.FromValue(2), _fd, 0, 0, length, _offset);
                _offset += length;
                _ring.Submit();
            }

            public void Reset()
            {
                _ring.TryPrepareWriteFixed(SqeContext.FromValue(3), _fd, 1, 0, 512, 0);
                {|URING0003:_ring.RegisteredBuffer(1).Clear()|};
            }
        }
        """);

    [Fact]
    public Task Encoding_into_a_scratch_buffer_a_linked_send_still_points_at() => V.Diagnostics("""
        using System.Text;

        sealed class RpcClient
        {
            private readonly Ring _ring;
            private readonly int _socket;
            private readonly byte[] _scratch = GC.AllocateArray<byte>(4096, pinned: true);

            public RpcClient(Ring ring, int socket)
            {
                _ring = ring;
                _socket = socket;
            }

            private int Frame(string method, string body)
            {
                int n = Encoding.UTF8.GetBytes(method, 0, method.Length, _scratch, 4);
                n += Encoding.UTF8.GetBytes(body, 0, body.Length, _scratch, 4 + n);
                _scratch[0] = (byte)(n >> 24);
                _scratch[1] = (byte)(n >> 16);
                _scratch[2] = (byte)(n >> 8);
                _scratch[3] = (byte)n;
                return n + 4;
            }

            public void Call(string method, string body, string followUp)
            {
                int length = Frame(method, body);
                _ring.TryPrepareSend(SqeContext.FromValue(1), _socket, _scratch.AsSpan(0, length), options: OpOptions.Linked);
                _ring.TryPrepareLinkTimeout(SqeContext.FromValue(2), TimeSpan.FromSeconds(2));
                length = {|URING0003:Frame(method, followUp)|};
                _ring.Submit();
            }
        }
        """);

    [Fact]
    public Task Refilling_a_zero_copy_buffer_before_its_notification() => V.Diagnostics("""
        sealed class FrameStreamer
        {
            private readonly Ring _ring;
            private readonly int _socket;
            private readonly byte[] _frame = GC.AllocateArray<byte>(64 * 1024, pinned: true);
            private readonly CqeView[] _completions = new CqeView[8];

            public FrameStreamer(Ring ring, int socket)
            {
                _ring = ring;
                _socket = socket;
            }

            public void Stream(Func<int, byte> pixel, int frames)
            {
                _frame.AsSpan().Fill(0);
                _ring.TryPrepareSendZc(SqeContext.FromValue(1), _socket, _frame.AsSpan());
                _ring.Submit();
                int sent = _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                for (int i = 0; i < _frame.Length; i++)
                {
                    {|URING0003:_frame[i]|} = pixel(i);
                }
            }
        }
        """);

    [Fact]
    public Task Writing_into_a_buffer_an_armed_receive_targets() => V.Diagnostics("""
        sealed class Connection
        {
            private readonly Ring _ring;
            private readonly int _socket;
            private readonly byte[] _inbound = GC.AllocateArray<byte>(16 * 1024, pinned: true);
            private int _filled;

            public Connection(Ring ring, int socket)
            {
                _ring = ring;
                _socket = socket;
            }

            public void ArmReceive()
            {
                _ring.TryPrepareRecv(SqeContext.FromValue((ulong)_socket), _socket, _inbound.AsSpan(_filled));
                _ring.Submit();
                if (_filled == 0)
                {
                    {|URING0003:_inbound.AsSpan().Clear()|};
                }
            }
        }
        """);

    [Fact]
    public Task Encoding_at_the_top_of_a_loop_overwrites_the_previous_write() => V.Diagnostics("""
        using System.Collections.Generic;
        using System.Text;

        sealed class MetricsExporter
        {
            private readonly Ring _ring;
            private readonly byte[] _line = GC.AllocateArray<byte>(512, pinned: true);
            private readonly CqeView[] _completions = new CqeView[64];

            public MetricsExporter(Ring ring) => _ring = ring;

            public void Export(int fd, IReadOnlyList<(string Name, double Value)> metrics)
            {
                foreach ((string name, double value) in metrics)
                {
                    int n = Encoding.ASCII.GetBytes($"{name} {value}\n", {|URING0003:_line|});
                    _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _line.AsSpan(0, n));
                    _ring.Submit();
                }

                _ring.Wait(_completions, metrics.Count, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Fact]
    public Task Encoding_through_an_interface_into_a_buffer_held_by_a_property() => V.Diagnostics("""
        interface IFrameEncoder
        {
            int Encode(ReadOnlySpan<char> message, Span<byte> destination);
        }

        sealed class Publisher
        {
            private readonly Ring _ring;
            private readonly IFrameEncoder _encoder;

            public Publisher(Ring ring, IFrameEncoder encoder)
            {
                _ring = ring;
                _encoder = encoder;
            }

            private byte[] Outbound { get; } = GC.AllocateArray<byte>(2048, pinned: true);

            public void Publish(int socket, string first, string second)
            {
                int n = _encoder.Encode(first, Outbound);
                _ring.TryPrepareSend(SqeContext.FromValue(1), socket, Outbound.AsSpan(0, n));
                n = _encoder.Encode(second, {|URING0003:Outbound|});
                _ring.TryPrepareSend(SqeContext.FromValue(2), socket, Outbound.AsSpan(0, n));
                _ring.Submit();
            }
        }
        """);

    [Fact]
    public Task Double_buffering_with_a_swap_is_fine() => V.Diagnostics("""
        sealed class PingPongWriter
        {
            private readonly Ring _ring;
            private byte[] _front = GC.AllocateArray<byte>(4096, pinned: true);
            private byte[] _back = GC.AllocateArray<byte>(4096, pinned: true);

            public PingPongWriter(Ring ring) => _ring = ring;

            private void Swap() => (_front, _back) = (_back, _front);

            public void Write(int fd, ReadOnlySpan<byte> data, long offset)
            {
                data.CopyTo(_front);
                _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _front.AsSpan(0, data.Length), offset);
                _ring.Submit();
                Swap();
                _front.AsSpan().Clear();
            }
        }
        """);

    [Fact]
    public Task Waiting_in_a_helper_before_the_refill_is_fine() => V.Diagnostics("""
        sealed class BlockCopier
        {
            private readonly Ring _ring;
            private readonly byte[] _block = GC.AllocateArray<byte>(1 << 20, pinned: true);
            private readonly CqeView[] _completions = new CqeView[4];

            public BlockCopier(Ring ring) => _ring = ring;

            private void Drain(int expected)
            {
                int seen = 0;
                while (seen < expected)
                {
                    seen += _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                }
            }

            public void Copy(int source, int target, long length)
            {
                for (long offset = 0; offset < length; offset += _block.Length)
                {
                    _ring.TryPrepareRead(SqeContext.FromValue(1), source, _block.AsSpan(), offset);
                    Drain(1);
                    _ring.TryPrepareWrite(SqeContext.FromValue(2), target, _block.AsSpan(), offset);
                    Drain(1);
                    _block[0] = 0;
                }
            }
        }
        """);

    [Fact]
    public Task A_zero_copy_send_reused_after_its_notification_is_fine() => V.Diagnostics("""
        sealed class ZeroCopyPublisher
        {
            private readonly Ring _ring;
            private readonly byte[] _payload = GC.AllocateArray<byte>(32 * 1024, pinned: true);
            private readonly CqeView[] _completions = new CqeView[8];

            public ZeroCopyPublisher(Ring ring) => _ring = ring;

            public void Publish(int socket, byte tag)
            {
                _ring.TryPrepareSendZc(SqeContext.FromValue(7), socket, _payload.AsSpan());
                _ring.Submit();
                bool released = false;
                while (!released)
                {
                    int n = _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                    for (int i = 0; i < n; i++)
                    {
                        released |= (_completions[i].Flags & CqeFlags.Notification) != 0;
                    }
                }

                _payload[0] = tag;
            }

            public void PublishBoth(int socket)
            {
                _ring.TryPrepareSendZc(SqeContext.FromValue(8), socket, _payload.AsSpan());
                _ring.Wait(_completions, 2, Timeout.InfiniteTimeSpan);
                _payload.AsSpan().Clear();
            }
        }
        """);

    [Fact]
    public Task Reading_a_buffer_in_flight_and_writing_other_parts_is_fine() => V.Diagnostics("""
                sealed class SegmentUploader
        {
            private readonly Ring _ring;
            private readonly byte[] _segment = GC.AllocateArray<byte>(8192, pinned: true);

            public SegmentUploader(Ring ring) => _ring = ring;

            public int Upload(int socket)
            {
                _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _segment.AsSpan(0, 4096));
                _ring.Submit();
                int hash = _segment.AsSpan(0, 4096).IndexOf((byte)0);
                _segment.AsSpan(4096, 4096).Clear();
                _segment[4096] = 1;
                _ring.TryPrepareWriteFixed(SqeContext.FromValue(2), socket, 1, 0, 128);
                _ring.RegisteredBuffer(0).Clear();
                return hash;
            }
        }
        """);

    [Fact]
    public Task Retrying_a_bounded_wait_before_the_refill_is_fine() => V.Diagnostics("""
        sealed class Heartbeat
        {
            private readonly Ring _ring;
            private readonly byte[] _beat = GC.AllocateArray<byte>(16, pinned: true);
            private readonly CqeView[] _completions = new CqeView[1];

            public Heartbeat(Ring ring) => _ring = ring;

            public void Beat(int socket, CancellationToken token)
            {
                _ring.TryPrepareSend(SqeContext.FromValue(1), socket, _beat.AsSpan());
                while (_ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(100)) == 0)
                {
                    token.ThrowIfCancellationRequested();
                }

                BitConverter.TryWriteBytes(_beat, DateTime.UtcNow.Ticks);
            }
        }
        """);
}
