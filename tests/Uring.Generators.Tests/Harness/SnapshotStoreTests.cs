using System;
using System.IO;
using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Harness;

/// <summary>The snapshot workflow, in a scratch folder: compare, received files, accept, CI, stale files.</summary>
public sealed class SnapshotStoreTests : IDisposable
{
    private const string Prefix = "Class.Method";
    private const string Source = Prefix + "#x.g.verified.cs";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "uring-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Matching_text_passes_and_clears_an_old_received_file()
    {
        Write(Source, "same\r\n");
        Write("Class.Method#x.g.received.cs", "old");

        Assert.Empty(Check(accept: false, ci: false, "same"));
        Assert.False(File.Exists(PathOf("Class.Method#x.g.received.cs")));
    }

    [Fact]
    public void A_difference_fails_with_a_diff_and_writes_the_received_file()
    {
        Write(Source, "line\nold\n");

        string problem = Assert.Single(Check(accept: false, ci: false, "line\nnew"));

        Assert.Contains("- 2| old\n+ 2| new", problem, StringComparison.Ordinal);
        Assert.Equal("line\nnew\n", Read("Class.Method#x.g.received.cs"));
        Assert.Equal("line\nold\n", Read(Source));
    }

    [Fact]
    public void Accept_mode_overwrites_and_passes()
    {
        Write(Source, "old\n");

        Assert.Empty(Check(accept: true, ci: true, "new"));
        Assert.Equal("new\n", Read(Source));
    }

    [Fact]
    public void A_missing_snapshot_fails_in_CI_without_creating_it()
    {
        Assert.Contains("missing", Assert.Single(Check(accept: false, ci: true, "text")), StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf(Source)));
    }

    [Fact]
    public void A_missing_snapshot_is_created_locally_and_still_fails()
    {
        Assert.Contains("review it", Assert.Single(Check(accept: false, ci: false, "text")), StringComparison.Ordinal);
        Assert.Equal("text\n", Read(Source));
    }

    [Fact]
    public void A_snapshot_no_longer_produced_fails_and_accept_deletes_it()
    {
        Write(Source, "text\n");
        Write(Prefix + "#gone.g.verified.cs", "gone\n");

        Assert.Contains("no longer produced", Assert.Single(Check(accept: false, ci: false, "text")), StringComparison.Ordinal);
        Assert.Empty(Check(accept: true, ci: false, "text"));
        Assert.False(File.Exists(PathOf(Prefix + "#gone.g.verified.cs")));
    }

    private System.Collections.Generic.IReadOnlyList<string> Check(bool accept, bool ci, string content)
        => new SnapshotStore(_directory, accept, ci).Check(Prefix, new[] { new SnapshotFile(Source, content) });

    private string PathOf(string name) => Path.Combine(_directory, name);

    private void Write(string name, string content)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(PathOf(name), content);
    }

    private string Read(string name) => File.ReadAllText(PathOf(name));
}
