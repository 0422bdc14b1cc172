using System;

namespace Uring.Tests.Hardening.Harness;

/// <summary>How the case's ring is set up.</summary>
internal enum CaseRing
{
    /// <summary>Single issuer, 8 entries, every request posts a completion; started on the test thread.</summary>
    Default,
    /// <summary>As <see cref="Default"/> but <see cref="RingOptions.MultiIssuers"/>.</summary>
    MultiIssuers,
    /// <summary>As <see cref="Default"/> but never started (created disabled).</summary>
    NotStarted,
    /// <summary>128-byte SQEs.</summary>
    Sqe128,
}

/// <summary>
/// One row of the bad-input table: a name that says what is wrong, the ring it runs on, an optional
/// arrangement (which may queue or rent things) and the one call under test, with the answer it must get.
/// </summary>
internal sealed class BadInputCase
{
    public BadInputCase(string name, Expectation expected, Func<CaseEnv, bool> act)
    {
        Name = name;
        Expected = expected;
        Act = act;
    }

    public string Name { get; }

    public Expectation Expected { get; }

    /// <summary>The call under test. Errno cases prepare with <see cref="CaseEnv.Tag"/> and return whether they prepared.</summary>
    public Func<CaseEnv, bool> Act { get; }

    public Action<CaseEnv>? Arrange { get; init; }

    public CaseRing Ring { get; init; }

    /// <summary>The case stops the ring itself: no NOP round trip afterwards.</summary>
    public bool StopsRing { get; init; }

    /// <summary>The expected ObjectDisposedException's ObjectName (the contract says "Ring").</summary>
    public string DisposedObjectName { get; init; } = "Ring";

    public override string ToString() => $"{Name} -> {Expected}";
}

/// <summary>Builders that keep the case tables short.</summary>
internal static class Case
{
    public static BadInputCase Throws<T>(string name, string? paramName, Func<CaseEnv, bool> act, string disposedObjectName = "Ring")
        where T : Exception
        => new(name, new Expectation.Throws(typeof(T), paramName), act) { DisposedObjectName = disposedObjectName };

    public static BadInputCase Throws<T>(string name, string? paramName, Action<CaseEnv> act)
        where T : Exception
        => new(name, new Expectation.Throws(typeof(T), paramName), Void(act));

    public static BadInputCase Refused(string name, Errno errno, Action<CaseEnv> act)
        => new(name, new Expectation.Throws(typeof(UringException), null, errno), Void(act));

    public static BadInputCase Completes(string name, Errno errno, Func<CaseEnv, bool> prepare)
        => new(name, new Expectation.Completes(errno), prepare);

    public static BadInputCase False(string name, Func<CaseEnv, bool> act)
        => new(name, new Expectation.ReturnsFalse(), act);

    public static BadInputCase Ok(string name, Func<CaseEnv, bool> act)
        => new(name, new Expectation.Succeeds(), act);

    public static BadInputCase Ok(string name, Action<CaseEnv> act)
        => new(name, new Expectation.Succeeds(), Void(act));

    private static Func<CaseEnv, bool> Void(Action<CaseEnv> act) => env =>
    {
        act(env);
        return true;
    };
}
