using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Issuer.IssuerAfterAwaitAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>Corpus, family "after await" (URING0010): awaits the code does not spell out; and correct programs that look alike.</summary>
public sealed class AfterAwaitCorpus
{
    [Fact]
    public Task Ring_calls_inside_an_await_foreach_body() => V.Diagnostics("""
        using System.Collections.Generic;
        using System.Threading.Channels;

        sealed class UploadWorker
        {
            private readonly CqeView[] _completions = new CqeView[16];

            public async Task RunAsync(ChannelReader<(int Fd, byte[] Pinned)> jobs, CancellationToken token)
            {
                using var ring = new Ring(new RingOptions { Entries = 64 });
                ring.Start();
                await foreach ((int fd, byte[] pinned) in jobs.ReadAllAsync(token))
                {
                    {|URING0010:ring.TryPrepareWrite(SqeContext.FromValue((ulong)fd), fd, pinned.AsSpan())|};
                    {|URING0010:ring.Wait(_completions, 1, Timeout.InfiniteTimeSpan)|};
                }
            }
        }
        """);

    [Fact]
    public Task A_ring_driven_after_an_await_using() => V.Diagnostics("""
        using System.IO;

        sealed class Exporter
        {
            public async Task ExportAsync(string path, int fd)
            {
                using var ring = new Ring();
                ring.Start();
                await using (var file = File.Create(path))
                {
                    await file.WriteAsync(new byte[] { 1, 2, 3 });
                }

                {|URING0010:ring.TryPrepareFsync(SqeContext.FromValue(1), fd)|};
            }
        }
        """);

    [Fact]
    public Task A_synchronous_foreach_or_a_ring_started_inside_the_loop_is_fine() => V.Diagnostics("""
        using System.Collections.Generic;

        sealed class Sync
        {
            public async Task RunAsync(IEnumerable<int> files, IAsyncEnumerable<int> more)
            {
                using var ring = new Ring();
                ring.Start();
                foreach (int fd in files)
                {
                    ring.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
                }

                ring.Submit();
                await foreach (int fd in more)
                {
                    using var local = new Ring();
                    local.Start();
                    local.TryPrepareFsync(SqeContext.FromValue((ulong)fd), fd);
                    local.Submit();
                }
            }
        }
        """);
}
