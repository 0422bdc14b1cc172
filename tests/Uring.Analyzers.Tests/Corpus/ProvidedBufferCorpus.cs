using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.ProvidedBufferNotRecycledAnalyzer, Uring.Analyzers.Buffers.UsedAfterReturnAnalyzer, Uring.Analyzers.Buffers.ReturnedTwiceAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "provided buffers and views" (URING0005, URING0013): provided buffers read after they were recycled,
/// or taken where nothing can recycle them; and correct programs that look alike.
/// </summary>
public sealed class ProvidedBufferCorpus
{
    [Fact]
    public Task Reading_a_provided_buffers_bytes_after_it_was_recycled() => V.Diagnostics("""
        using System.Text;

        sealed class LineServer
        {
            private readonly ProvidedBufferRing _group;

            public LineServer(Ring ring) => _group = ring.RegisterProvidedBufferRing(1, 64, 4096);

            public string OnReceive(in CqeView completion)
            {
                ProvidedBuffer buffer = _group.Take(completion);
                ReadOnlySpan<byte> line = buffer.Data;
                _group.Recycle(buffer);
                return Encoding.UTF8.GetString({|URING0013:line|});
            }

            public int OnReceiveLength(in CqeView completion)
            {
                ProvidedBuffer buffer = _group.Take(completion);
                _group.Recycle(buffer);
                return {|URING0013:buffer|}.Data.IndexOf((byte)'\n');
            }
        }
        """);

    [Fact]
    public Task A_provided_buffer_taken_inline_and_never_recycled() => V.Diagnostics("""
        using System.Text;

        sealed class Telemetry
        {
            private readonly ProvidedBufferRing _group;

            public Telemetry(ProvidedBufferRing group) => _group = group;

            public void OnDatagram(in CqeView completion, Action<string> publish)
            {
                publish(Encoding.ASCII.GetString({|URING0005:_group.Take(completion)|}.Data));
            }
        }
        """);

    [Fact]
    public Task Copying_before_the_recycle_is_fine() => V.Diagnostics("""
        using System.Text;

        delegate void SpanHandler(ReadOnlySpan<byte> data);

        sealed class Parser
        {
            private readonly ProvidedBufferRing _group;

            public Parser(ProvidedBufferRing group) => _group = group;

            public string Parse(in CqeView completion)
            {
                ProvidedBuffer buffer = _group.Take(completion);
                string text = Encoding.UTF8.GetString(buffer.Data);
                ushort id = buffer.Id;
                _group.Recycle(buffer);
                Console.WriteLine($"buffer {id}: {buffer.Length} bytes");
                return text;
            }

            public int Bundle(in CqeView completion, Span<byte> into)
            {
                ProvidedBufferBundle bundle = _group.TakeBundle(completion);
                int n = bundle.CopyTo(into);
                _group.Recycle(bundle);
                return n;
            }

            public void ById(in CqeView completion, SpanHandler handle)
            {
                ProvidedBuffer buffer = _group.Take(completion);
                handle(buffer.Data);
                _group.Recycle(buffer.Id);
            }
        }
        """);
}
