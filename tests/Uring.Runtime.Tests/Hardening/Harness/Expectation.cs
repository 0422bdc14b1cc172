using System;

namespace Uring.Tests.Hardening.Harness;

/// <summary>What a bad-input case must answer: one exact exception, one exact errno, or a plain "no".</summary>
internal abstract record Expectation
{
    /// <summary>The call throws exactly <see cref="Type"/> (not a subclass), naming <see cref="ParamName"/> when it is an argument exception.</summary>
    public sealed record Throws(Type Type, string? ParamName, Errno UringErrno = Errno.None) : Expectation
    {
        public override string ToString()
            => Type.Name + (ParamName is null ? string.Empty : $"({ParamName})") + (UringErrno == Errno.None ? string.Empty : $"[{UringErrno}]");
    }

    /// <summary>The request is accepted and its completion carries exactly <c>-Errno</c>.</summary>
    public sealed record Completes(Errno Errno) : Expectation
    {
        public override string ToString() => $"-{Errno}";
    }

    /// <summary>The call returns false (backpressure) and queues nothing.</summary>
    public sealed record ReturnsFalse : Expectation
    {
        public override string ToString() => "false";
    }

    /// <summary>The call is legitimate and succeeds (a boundary that must not be refused).</summary>
    public sealed record Succeeds : Expectation
    {
        public override string ToString() => "ok";
    }
}
