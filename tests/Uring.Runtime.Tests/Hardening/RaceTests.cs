using System;
using System.Collections.Generic;
using System.Linq;
using Uring.Hardening.Child;
using Uring.Tests.Hardening.Child;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Hardening;

/// <summary>
/// The races, thousands of iterations each, each in a child process of its own (a lost race may abort the
/// process): teardown against a running owner, cancel against completion, multi-issuer submitters against a
/// reaper and against Stop. Canary buffers around every kernel-written buffer prove no write landed outside
/// a buffer or after its completion. The row's output says what ran.
/// </summary>
public sealed class RaceTests
{
    public static IEnumerable<TheoryDataRow<string>> Names
        => ChildCatalog.Names.Where(ChildCatalog.IsRace).Select(name => new TheoryDataRow<string>(name) { TestDisplayName = name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Race(string name)
    {
        KernelRequirement.Require();
        ChildOutcome outcome = ChildProcess.Run([name], TimeSpan.FromSeconds(30))[name];
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {outcome.Verdict}: {outcome.Detail}");
        Assert.True(outcome.Verdict == ChildVerdict.Passed, $"{name}: {outcome.Verdict}: {outcome.Detail}");
    }
}
