using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "owner released before the completion" (URING0002): memory owners (the application's own types,
/// IMemoryOwner, pools, native memory) given back while an op still uses their memory; and correct programs that look alike.
/// </summary>
public sealed class OwnerReleasedCorpus
{
    private const string PinnedBlock = """
        sealed class PinnedBlock : IDisposable
        {
            private readonly byte[] _array;
            private GCHandle _pin;

            public PinnedBlock(int size)
            {
                _array = new byte[size];
                _pin = GCHandle.Alloc(_array, GCHandleType.Pinned);
            }

            public Span<byte> Span => _array;

            public int Length => _array.Length;

            public void Dispose() => _pin.Free();
        }

        sealed class BlockPool
        {
            private readonly System.Collections.Generic.Stack<byte[]> _free = new();

            public byte[] Rent() => _free.Count > 0 ? _free.Pop() : GC.AllocateArray<byte>(4096, pinned: true);

            public void Return(byte[] block) => _free.Push(block);
        }

        """;

    [Fact]
    public Task The_applications_own_owner_disposed_before_the_wait() => V.Diagnostics(PinnedBlock + """
        sealed class SnapshotLoader
        {
            private readonly Ring _ring;
            private readonly CqeView[] _completions = new CqeView[4];

            public SnapshotLoader(Ring ring) => _ring = ring;

            public int Load(int fd)
            {
                var block = new PinnedBlock(1 << 16);
                _ring.TryPrepareRead(SqeContext.FromValue(1), fd, block.Span);
                _ring.Submit();
                {|URING0002:block.Dispose()|};
                _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                return _completions[0].Result;
            }
        }
        """);

    [Fact]
    public Task A_using_block_that_ends_before_the_wait() => V.Diagnostics("""
        sealed class Receiver
        {
            private readonly Ring _ring;
            private readonly CqeView[] _completions = new CqeView[4];

            public Receiver(Ring ring) => _ring = ring;

            public int ReceiveOnce(int socket)
            {
                using (IMemoryOwner<byte> {|URING0002:owner = MemoryPool<byte>.Shared.Rent(4096)|})
                {
                    _ring.TryPrepareRecv(SqeContext.FromValue(9), socket, owner.Memory);
                    _ring.Submit();
                }

                _ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan);
                return _completions[0].Result;
            }
        }
        """);

    [Fact]
    public Task A_using_declaration_whose_method_returns_before_the_wait() => V.Diagnostics(PinnedBlock + """
        sealed class Prefetch
        {
            private readonly Ring _ring;

            public Prefetch(Ring ring) => _ring = ring;

            public void Start(int fd, long offset)
            {
                using var {|URING0002:block = new PinnedBlock(8192)|};
                _ring.TryPrepareRead(SqeContext.FromValue(2), fd, block.Span, offset);
                _ring.Submit();
            }
        }
        """);

    [Fact]
    public Task Disposed_where_the_linked_timeout_failed_to_prepare() => V.Diagnostics(PinnedBlock + """
        sealed class TimedReceive
        {
            private readonly Ring _ring;

            public TimedReceive(Ring ring) => _ring = ring;

            public bool TryArm(int socket, TimeSpan deadline, out PinnedBlock? armed)
            {
                armed = null;
                var block = new PinnedBlock(2048);
                if (!_ring.TryPrepareRecv(SqeContext.FromValue(1), socket, block.Span, options: OpOptions.Linked))
                {
                    block.Dispose();
                    return false;
                }

                if (!_ring.TryPrepareLinkTimeout(SqeContext.FromValue(2), deadline))
                {
                    {|URING0002:block.Dispose()|};
                    return false;
                }

                armed = block;
                return true;
            }
        }
        """);

    [Fact]
    public Task A_pooled_buffer_returned_on_the_cancellation_branch() => V.Diagnostics("""
        sealed class Downloader
        {
            private readonly Ring _ring;
            private readonly CqeView[] _completions = new CqeView[8];

            public Downloader(Ring ring) => _ring = ring;

            private int WaitFor(ulong tag, CancellationToken token)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(50));
                    for (int i = 0; i < n; i++)
                    {
                        if (_completions[i].Context.Value == tag)
                        {
                            return _completions[i].Result;
                        }
                    }
                }
            }

            public int Receive(int socket, int size, CancellationToken token)
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
                _ring.TryPrepareRecv(SqeContext.FromValue(5), socket, buffer.AsMemory(0, size));
                _ring.Submit();
                try
                {
                    return WaitFor(5, token);
                }
                catch (OperationCanceledException)
                {
                    {|URING0002:ArrayPool<byte>.Shared.Return(buffer)|};
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task A_buffer_returned_to_the_applications_pool_in_the_iteration_that_queued_it() => V.Diagnostics(PinnedBlock + """
        sealed class BatchWriter
        {
            private readonly Ring _ring;
            private readonly BlockPool _pool = new();

            public BatchWriter(Ring ring) => _ring = ring;

            public void Write(int fd, System.Collections.Generic.IEnumerable<string> lines)
            {
                foreach (string line in lines)
                {
                    byte[] block = _pool.Rent();
                    int n = System.Text.Encoding.UTF8.GetBytes(line, block);
                    _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, block.AsMemory(0, n));
                    _ring.Submit();
                    {|URING0002:_pool.Return(block)|};
                }
            }
        }
        """);

    [Fact]
    public Task Native_memory_freed_on_the_timeout_path_of_a_bounded_wait() => V.Diagnostics("""
        unsafe sealed class DeviceProbe
        {
            private readonly Ring _ring;
            private readonly CqeView[] _completions = new CqeView[1];

            public DeviceProbe(Ring ring) => _ring = ring;

            public int ReadHeader(int fd)
            {
                byte* header = (byte*)NativeMemory.Alloc(512);
                _ring.TryPrepareRead(SqeContext.FromValue(1), fd, new Span<byte>(header, 512), 0);
                int n = _ring.Wait(_completions, 1, TimeSpan.FromSeconds(2));
                if (n == 0)
                {
                    {|URING0002:NativeMemory.Free(header)|};
                    throw new TimeoutException("The device did not answer.");
                }

                int magic = header[0];
                NativeMemory.Free(header);
                return magic;
            }
        }
        """);

    [Fact]
    public Task Releasing_after_the_completion_on_every_path_is_fine() => V.Diagnostics(PinnedBlock + """
        sealed class CarefulReader
        {
            private readonly Ring _ring;
            private readonly BlockPool _pool = new();
            private readonly CqeView[] _completions = new CqeView[2];

            public CarefulReader(Ring ring) => _ring = ring;

            public unsafe int Read(int fd, CancellationToken token)
            {
                using var block = new PinnedBlock(4096);
                byte[] pooled = _pool.Rent();
                byte* native = (byte*)NativeMemory.Alloc(64);
                try
                {
                    _ring.TryPrepareRead(SqeContext.FromValue(1), fd, block.Span);
                    _ring.TryPrepareRead(SqeContext.FromValue(2), fd, pooled.AsSpan());
                    _ring.TryPrepareRead(SqeContext.FromValue(3), fd, new Span<byte>(native, 64));
                    int seen = 0;
                    while (seen < 3)
                    {
                        int n = _ring.Wait(_completions, 1, TimeSpan.FromMilliseconds(100));
                        if (n == 0 && token.IsCancellationRequested)
                        {
                            _ring.TryPrepareCancelAll(SqeContext.FromValue(99));
                            continue;
                        }

                        seen += n;
                    }

                    return seen;
                }
                finally
                {
                    _pool.Return(pooled);
                    NativeMemory.Free(native);
                }
            }

            public void Early(int fd)
            {
                using var native = new NativeBuffer(4096);
                _ring.TryPrepareRead(SqeContext.FromValue(1), fd, native.Memory);
                _ring.Submit();
            }
        }
        """);
}
