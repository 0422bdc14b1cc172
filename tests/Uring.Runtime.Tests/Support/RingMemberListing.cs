using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Uring.Tests.Support;

/// <summary>
/// Writes <c>docs/api/ring-members.md</c>: every public member of <see cref="Ring"/>, from the built assembly, its
/// XML documentation and the file that declares it. Members that run the ring are listed by concern with their
/// signatures; the op catalogue is listed by family (one <c>Ops/Ring.Ops.*.cs</c> file each), one line per op name.
/// </summary>
internal static class RingMemberListing
{
    /// <summary>The groups of members that run the ring, in reading order, and the files that declare them.</summary>
    private static readonly (string Title, string What, string[] Files)[] s_groups =
    [
        ("Lifecycle", "Create, start, inspect and stop the ring.", ["Ring/Ring.cs", "Ring/Ring.Teardown.cs"]),
        ("Submission", "Room in the submission queue (SQ), and handing queued requests to the kernel.", ["Ring/Ring.Submission.cs", "Ring/Ring.SubmissionPolling.cs", "Submission/Ring.ScopedPreparation.cs"]),
        ("Completion", "Reading completions from the completion queue (CQ).", ["Ring/Ring.Completion.cs", "Ring/Ring.InPlaceCompletion.cs", "Ring/Ring.BigCompletions.cs", "Ring/Ring.MinimumWait.cs", "Ring/Ring.RegisteredWait.cs"]),
        ("Ring setup", "Resizing the queues, the registered ring fd, the ring's memory region and NAPI busy polling.", ["Ring/Ring.Resize.cs", "Ring/Ring.RegisteredRingFd.cs", "Ring/Ring.MemoryRegion.cs", "Ring/Ring.Napi.cs"]),
        ("Registration", "Registered files and registered (fixed) buffers.", ["Buffers/Ring.Registration.cs", "Buffers/Ring.RegisteredMemory.cs"]),
        ("Buffers", "Provided-buffer rings, which the kernel picks receive buffers from.", ["Buffers/Ring.ProvidedBuffers.cs", "Buffers/Ring.ProvidedMemory.cs", "Buffers/Ring.ProvidedBufferGroups.cs"]),
        ("Contexts", "Pooled Indirect and Extended contexts (the `user_data` that carries an SQE copy and your data).", ["Ring/Ring.Contexts.cs", "Ring/Ring.Leases.cs"]),
    ];

    private const string OpsFolder = "Ops/";

    /// <summary>The listing's text ('\n' line ends), or the reasons it cannot be written.</summary>
    public static string Build(RingSourceMap sources, XmlDocSummaries docs, out List<string> problems)
    {
        problems = new List<string>();
        List<(MemberInfo Member, RingSourceMap.Declaration Where)> members = new();
        foreach (MemberInfo member in PublicMembers())
        {
            string sourceName = member is ConstructorInfo ? nameof(Ring) : member.Name;
            if (sources.Find(sourceName) is { } where)
            {
                members.Add((member, where));
            }
            else
            {
                problems.Add($"{member.Name}: no public declaration of it found in a `partial class Ring` file under src/Uring.Runtime.");
            }
        }

        string[] grouped = s_groups.SelectMany(g => g.Files).ToArray();
        foreach (var unplaced in members.Where(m => !m.Where.File.StartsWith(OpsFolder, StringComparison.Ordinal) && !grouped.Contains(m.Where.File)).GroupBy(m => m.Where.File))
        {
            problems.Add($"src/Uring.Runtime/{unplaced.Key} declares public Ring members ({string.Join(", ", unplaced.Select(m => m.Member.Name).Distinct())}) "
                + "but belongs to no group of the listing: give it one in RingMemberListing, or move the members where they belong.");
        }

        var ops = members.Where(m => m.Where.File.StartsWith(OpsFolder, StringComparison.Ordinal)).ToList();
        var mechanics = members.Where(m => grouped.Contains(m.Where.File)).ToList();
        int opNames = ops.Select(m => m.Member.Name).Distinct().Count();
        int typedNames = ops.Where(m => m.Member is MethodInfo { IsGenericMethodDefinition: true }).Select(m => m.Member.Name).Distinct().Count();

        StringBuilder text = new();
        text.Append("# `Ring` members\n\n");
        text.Append("<!-- Generated from the built Uring.Runtime assembly by tests/Uring.Runtime.Tests/Unit/RingMemberListingTests.cs; do not edit.\n");
        text.Append("     Refresh: URING_ACCEPT_SNAPSHOTS=1 dotnet test tests/Uring.Runtime.Tests --filter FullyQualifiedName~RingMemberListing -->\n\n");
        text.Append($"`Uring.Ring` has {members.Count} public members: {mechanics.Count} that run the ring, listed by concern with their ");
        text.Append($"signatures, and {ops.Count} op methods under {opNames} names, each of which queues one request (the op catalogue, by family). ");
        text.Append($"{typedNames} of the op names also have a typed-context overload, `TryPrepareX<TContext>(in TContext context, ...)`, written by the ");
        text.Append("generator beside the op; overload counts below leave those out.\n\n");
        text.Append("Helpers built on a ring are types of their own that take one: `Listener`, `MultishotSubscription`, ");
        text.Append("`ZeroCopySendTracker`, `ZeroCopyReceiver` and `Multicast`.\n");

        foreach ((string title, string what, string[] files) in s_groups)
        {
            text.Append($"\n## {title}\n\n{what}\n\n");
            var inGroup = mechanics
                .Where(m => files.Contains(m.Where.File))
                .OrderBy(m => Array.IndexOf(files, m.Where.File))
                .ThenBy(m => m.Where.Line)
                .ThenBy(m => CSharpSignature.Of(m.Member), StringComparer.Ordinal);
            foreach (var (member, _) in inGroup)
            {
                text.Append($"- `{CSharpSignature.Of(member)}`{Summary(docs.Of(member))}\n");
            }
        }

        text.Append("\n## Ops\n\nEach takes an `SqeContext` first (or a typed context) and an optional `in OpOptions` last; see the README's op catalogue for results.\n");
        foreach (var family in ops.GroupBy(m => m.Where.File).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string familyName = family.Key[OpsFolder.Length..].Replace("Ring.Ops.", "", StringComparison.Ordinal).Replace(".cs", "", StringComparison.Ordinal);
            text.Append($"\n### {familyName} (`{family.Key}`)\n\n");
            foreach (var op in family.GroupBy(m => m.Member.Name).OrderBy(g => g.Min(m => m.Where.Line)).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                MemberInfo[] plain = op.Select(m => m.Member).Where(m => m is MethodInfo { IsGenericMethodDefinition: false }).ToArray();
                MemberInfo first = plain.OrderBy(m => CSharpSignature.Of(m), StringComparer.Ordinal).FirstOrDefault() ?? op.First().Member;
                string overloads = plain.Length > 1 ? $" ({plain.Length} overloads)" : "";
                string? summary = plain.Select(docs.Of).FirstOrDefault(s => !string.IsNullOrEmpty(s)) ?? docs.Of(first);
                text.Append($"- `{op.Key}`{overloads}{Summary(summary)}\n");
            }
        }

        return text.ToString();
    }

    private static string Summary(string? summary) => string.IsNullOrEmpty(summary) ? "" : ": " + summary;

    /// <summary>Public members Ring declares itself; accessors appear through their properties and events.</summary>
    private static IEnumerable<MemberInfo> PublicMembers()
        => typeof(Ring).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodBase { IsSpecialName: true } || m is ConstructorInfo)
            .Where(m => m is not Type);
}
