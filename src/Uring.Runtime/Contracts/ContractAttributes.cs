using System;

namespace Uring;

/// <summary>
/// Marks a parameter whose memory the kernel keeps using after the call returns, until the request's
/// completion (for zero-copy sends, until the notification completion). The memory must not move or be
/// freed before then. Uring's analyzers key their buffer-lifetime rules off this marker (and off
/// <see cref="SqeAttribute"/> spans and pointers that are not staged), so user-declared ops are covered too. On an
/// <see cref="int"/> parameter it marks the index of a registered buffer: the memory held is that buffer's
/// (<see cref="Ring.RegisteredBuffer(int)"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class HeldUntilCompletionAttribute : Attribute
{
}

/// <summary>
/// Marks a method that observes completions (reaps CQEs or awaits one). After it returns, a request whose
/// completion it delivered no longer holds its buffers.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ObservesCompletionAttribute : Attribute
{
}

/// <summary>
/// Marks a method that must run on the ring's issuing thread when the ring is single-issuer (the default):
/// submission, reaping, stopping, resizing. Every <see cref="UringOpAttribute"/> method counts as one too.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class IssuerThreadOnlyAttribute : Attribute
{
}

/// <summary>
/// Marks a type whose values are borrowed observations of ring memory (a completion view, a bundle, a
/// provided buffer): copy what you need before the next reap; do not store them beyond the reap loop.
/// </summary>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class BorrowedViewAttribute : Attribute
{
}

/// <summary>Marks a method that rents a pooled context; every path must return it exactly once.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RentsPooledContextAttribute : Attribute
{
}

/// <summary>Marks a method that returns a pooled context to its pool (the context argument is consumed).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ReturnsPooledContextAttribute : Attribute
{
}
