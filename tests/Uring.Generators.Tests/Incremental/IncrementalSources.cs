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
            public static partial bool PrepareRead(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr, LengthField = Len)] Span<byte> buffer, in OpOptions options = default);

            [UringOp(IoUringOp.OpenAt)]
            public static partial bool PrepareOpen(this Ring ring, SqeContext context, [Sqe(Fd)] int directory, [Sqe(Addr)] ReadOnlySpan<char> path, [Sqe(OpFlags)] OpenFlags flags);

            [UringOp(IoUringOp.Timeout, Fd = -1, Len = 1)]
            public static partial bool PrepareSleep(this Ring ring, SqeContext context, [Sqe(Addr)] TimeSpan duration, [SqeFlag(OpFlags, TimeoutFlags.Absolute)] bool absolute = false);

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

    public static CSharpCompilation Create()
        => TestCompilations.Create(new[] { TestCompilations.Parse(Ops, OpsPath), TestCompilations.Parse(Unrelated, UnrelatedPath) });

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
