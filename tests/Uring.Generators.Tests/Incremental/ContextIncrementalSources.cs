using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Uring.Generators.Tests.Support;

namespace Uring.Generators.Tests.Incremental;

/// <summary>A small program for the context pipeline: two contexts (one with a handler slot), handlers, and an unrelated file.</summary>
internal static class ContextIncrementalSources
{
    public const string ContextsPath = "Contexts.cs";
    public const string HandlersPath = "Handlers.cs";

    public const string Contexts = """
        using Uring;

        namespace App;

        public sealed class Connection { }

        [UringContext]
        public partial struct EchoState
        {
            public CompletionHandler Handler;
            public Connection Conn;
            public int BufferId;
            public long Bytes;
        }

        [UringContext]
        public partial struct Timer
        {
            public long Deadline;
        }

        public static class Helpers
        {
            public static int Helper() => 1;
        }
        """;

    public const string Handlers = """
        using Uring;

        namespace App;

        public static class EchoHandlers
        {
            [UringHandler]
            public static void OnRead(Ring ring, in CqeView cqe) { _ = cqe.Result; }

            [UringHandler]
            public static void OnWrite(Ring ring, in CqeView cqe) { }
        }
        """;

    public static CSharpCompilation Create()
        => TestCompilations.Create(
            new[]
            {
                TestCompilations.Parse(Contexts, ContextsPath),
                TestCompilations.Parse(Handlers, HandlersPath),
                TestCompilations.Parse(IncrementalSources.Unrelated, IncrementalSources.UnrelatedPath),
            },
            allowUnsafe: true);

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
        => GeneratorHarness.Run(compilation, driver ?? GeneratorHarness.CreateDriver(new UringContextGenerator()));
}
