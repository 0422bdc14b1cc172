using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Uring.Generators.Tests.Support;

namespace Uring.Generators.Tests.Incremental;

/// <summary>A small program for the incremental tests: three ops next to a plain helper, and an unrelated file.</summary>
internal static class IncrementalSources
{
    public const string OpsPath = "Ops.cs";
    public const string UnrelatedPath = "Unrelated.cs";

    public const string Ops = """
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public static partial class Ops
        {
            [UringOp(IoUringOp.Read, Kind = UringOpKind.ReadLike)]
            public static partial bool TryPrepareRead(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer, in OpOptions options = default);

            [UringOp(IoUringOp.OpenAt)]
            public static partial bool TryPrepareOpen(this Ring ring, SqeContext context, [Sqe(Fd)] int directory, [Sqe(Addr)] ReadOnlySpan<char> path, [Sqe(OpFlags)] OpenFlags flags);

            [UringOp(IoUringOp.Timeout, Fd = -1, Len = 1)]
            public static partial bool TryPrepareSleep(this Ring ring, SqeContext context, [Sqe(Addr)] TimeSpan duration, [SqeFlag(OpFlags, TimeoutFlags.Absolute)] bool absolute = false);

            public static int Helper() => 1;
        }
        """;

    public const string Unrelated = """
        namespace App;

        public static class Unrelated
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    /// <summary>Edits that change nothing a generator reads (the theory data of the caching tests).</summary>
    public static readonly string[] UnrelatedEdits =
    {
        "the same compilation, cloned",
        "a new file with a new type",
        "a method body in another file",
        "a method body in the declarations file",
    };

    public static CSharpCompilation Create()
        => TestCompilations.Create(new[] { TestCompilations.Parse(Ops, OpsPath), TestCompilations.Parse(Unrelated, UnrelatedPath) });

    /// <summary>
    /// Applies one of <see cref="UnrelatedEdits"/>; <paramref name="declarationsPath"/> is the file with the
    /// declarations, where <paramref name="oldBody"/> becomes <paramref name="newBody"/>.
    /// </summary>
    public static Compilation ApplyUnrelated(string edit, Compilation compilation, string declarationsPath, string oldBody, string newBody) => edit switch
    {
        "the same compilation, cloned" => compilation.Clone(),
        "a new file with a new type" => compilation.AddSyntaxTrees(
            TestCompilations.Parse("namespace App; public sealed class Added { public int Value { get; set; } }", "Added.cs")),
        "a method body in another file" => Edit(compilation, UnrelatedPath, "value * 2", "value + value"),
        "a method body in the declarations file" => Edit(compilation, declarationsPath, oldBody, newBody),
        _ => throw new System.ArgumentOutOfRangeException(nameof(edit), edit, null),
    };

    /// <summary>The generated texts of a run, in order.</summary>
    public static string[] Texts(GeneratorRun run)
        => System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(run.Result.GeneratedTrees, tree => tree.GetText().ToString()));

    /// <summary>Replaces <paramref name="oldText"/> with <paramref name="newText"/> in the file at <paramref name="path"/>, as an editor would.</summary>
    public static Compilation Edit(Compilation compilation, string path, string oldText, string newText)
    {
        SyntaxTree tree = FindTree(compilation, path);
        string text = tree.GetText().ToString();
        if (!text.Contains(oldText, System.StringComparison.Ordinal))
        {
            throw new System.ArgumentException($"'{oldText}' is not in {path}.", nameof(oldText));
        }

        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(oldText, newText, System.StringComparison.Ordinal))));
    }

    private static SyntaxTree FindTree(Compilation compilation, string path)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == path)
            {
                return tree;
            }
        }

        throw new System.ArgumentException($"No tree at {path}.", nameof(path));
    }
}
