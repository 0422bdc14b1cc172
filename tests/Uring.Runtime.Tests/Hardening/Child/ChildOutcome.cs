namespace Uring.Tests.Hardening.Child;

/// <summary>How a case ended in the child process.</summary>
internal enum ChildVerdict
{
    Passed,
    Failed,
    /// <summary>The process died while the case ran (an abort, a signal).</summary>
    Crashed,
    /// <summary>The case printed nothing for too long and the process was killed.</summary>
    Hung,
    /// <summary>The process ended without starting the case.</summary>
    NotRun,
}

/// <summary>One case's result line (or what its absence means).</summary>
internal sealed record ChildOutcome(string Name, ChildVerdict Verdict, string Detail);
