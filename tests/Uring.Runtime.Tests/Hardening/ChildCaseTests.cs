using System;
using System.Collections.Generic;
using System.Linq;
using Uring.Hardening.Child;
using Uring.Tests.Hardening.Child;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Hardening;

/// <summary>
/// The cases that could abort the process if the runtime regressed (wild pointer contexts, completions forged
/// with MSG_RING, teardown from the wrong thread or at the wrong time) run in a child process, all in one
/// launch: a regression fails its own row, reported as a crash or a hang, and the run goes on.
/// </summary>
public sealed class ChildCaseTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ChildOutcome>> s_outcomes = new(
        () => ChildProcess.Run(ChildCatalog.Names.Where(name => !ChildCatalog.IsRace(name)).ToList(), TimeSpan.FromSeconds(20)));

    public static IEnumerable<TheoryDataRow<string>> Names
        => ChildCatalog.Names.Where(name => !ChildCatalog.IsRace(name)).Select(name => new TheoryDataRow<string>(name) { TestDisplayName = $"child: {name}" });

    [Theory]
    [MemberData(nameof(Names))]
    public void Child_case(string name)
    {
        KernelRequirement.Require();
        ChildOutcome outcome = s_outcomes.Value[name];
        Assert.True(outcome.Verdict == ChildVerdict.Passed, $"{name}: {outcome.Verdict}: {outcome.Detail}");
    }
}
