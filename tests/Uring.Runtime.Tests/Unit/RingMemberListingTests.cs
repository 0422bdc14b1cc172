using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// <c>docs/api/ring-members.md</c> is the member listing of <see cref="Ring"/> that the README links to. It is
/// generated from the built assembly; this test fails while the committed file differs from what the assembly
/// says, and rewrites it when <c>URING_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
public sealed class RingMemberListingTests
{
    private const string AcceptVariable = "URING_ACCEPT_SNAPSHOTS";

    [Fact]
    public void The_committed_ring_member_listing_matches_the_assembly()
    {
        string repo = RepoRoot();
        string listing = RingMemberListing.Build(
            RingSourceMap.Load(Path.Combine(repo, "src", "Uring.Runtime")),
            XmlDocSummaries.For(typeof(Ring).Assembly),
            out List<string> problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        string path = Path.Combine(repo, "docs", "api", "ring-members.md");
        string? committed = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (committed == listing)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, listing);
            return;
        }

        Assert.Fail(committed is null
            ? $"docs/api/ring-members.md is missing. Write it with {AcceptVariable}=1 (see the file's header), review it and commit it."
            : $"docs/api/ring-members.md is stale: Ring's public surface or its docs changed. Rewrite it with {AcceptVariable}=1, review the diff and commit it.\n"
              + FirstDifference(committed, listing));
    }

    [Fact]
    public void Every_public_member_of_Ring_is_listed_once_under_its_name()
    {
        string listing = RingMemberListing.Build(
            RingSourceMap.Load(Path.Combine(RepoRoot(), "src", "Uring.Runtime")),
            XmlDocSummaries.For(typeof(Ring).Assembly),
            out _);
        string[] names = typeof(Ring).GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => m is not System.Reflection.MethodBase { IsSpecialName: true })
            .Select(m => m.Name)
            .Distinct()
            .ToArray();
        string[] missing = names.Where(name => !listing.Contains(" " + name + "(", StringComparison.Ordinal)
                                               && !listing.Contains(" " + name + "<", StringComparison.Ordinal)
                                               && !listing.Contains(" " + name + " {", StringComparison.Ordinal)
                                               && !listing.Contains("- `" + name + "`", StringComparison.Ordinal))
            .ToArray();
        Assert.True(missing.Length == 0, "Not in the listing: " + string.Join(", ", missing));
        Assert.Contains("- `Ring(", listing, StringComparison.Ordinal);
    }

    private static string FirstDifference(string committed, string generated)
    {
        string[] before = committed.Split('\n');
        string[] after = generated.Split('\n');
        for (int i = 0; i < Math.Max(before.Length, after.Length); i++)
        {
            string? was = i < before.Length ? before[i] : null;
            string? now = i < after.Length ? after[i] : null;
            if (was != now)
            {
                return $"First difference at line {i + 1}:\n  committed: {was ?? "(end of file)"}\n  generated: {now ?? "(end of file)"}";
            }
        }

        return "";
    }

    private static string RepoRoot([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
