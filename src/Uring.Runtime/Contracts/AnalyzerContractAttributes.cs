using System;

namespace Uring;

/// <summary>
/// Marks a method after which the calling thread is the ring's issuer (for a single-issuer ring,
/// <see cref="Ring.Start"/>). Uring's single-issuer analyzers treat issuer-only calls that follow it on the
/// same thread as correct, for example in a thread body that creates and starts its own ring.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class BindsIssuerThreadAttribute : Attribute
{
}

/// <summary>
/// Marks an awaitable type, or a method that returns one, whose continuation runs inline on the ring's
/// issuing thread. Awaiting it does not move an async method off the ring's thread, so the analyzers allow
/// issuer-only calls after such an await. On a class (<see cref="EventLoop"/>, <see cref="LoopConnection"/>), it says
/// the same of every awaitable the class's methods return: awaited on the loop, they resume on the loop thread.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Struct | AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ResumesOnIssuerThreadAttribute : Attribute
{
}

/// <summary>
/// Marks a delegate parameter whose delegate runs on the issuing thread of the instance it is given to (an
/// <see cref="EventLoop"/>'s thread: <see cref="EventLoop.Post(System.Action)"/>, <see cref="EventLoop.RunAsync(System.Func{System.Threading.Tasks.Task})"/>),
/// or a <see cref="System.Threading.Tasks.TaskScheduler"/> property whose tasks run there (<see cref="EventLoop.Scheduler"/>).
/// The analyzers treat that code as running on the loop: its awaits resume on the loop thread, and blocking in it on
/// the loop's own work never ends.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class RunsOnIssuerThreadAttribute : Attribute
{
}

/// <summary>
/// Marks a method that hands out a provided buffer (from a buffer ring) through its return value, an
/// <c>out</c> parameter, or the result of the task it returns (<see cref="LoopConnection.ReceiveProvidedAsync"/>:
/// <c>LentBuffer b = await connection.ReceiveProvidedAsync();</c>). Every path must give the buffer back with a
/// <see cref="RecyclesProvidedBufferAttribute"/> method exactly once, or hand it on.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class LendsProvidedBufferAttribute : Attribute
{
}

/// <summary>
/// Marks a method that gives a provided buffer back to its buffer ring: the buffer argument, or, for a method without
/// arguments, the instance it is called on (<see cref="LentBuffer.Return"/>), is consumed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RecyclesProvidedBufferAttribute : Attribute
{
}

/// <summary>
/// Marks a <see cref="bool"/> property of a lent provided buffer that is true when the value holds no buffer to give
/// back (<see cref="LentBuffer.IsEmpty"/>: the end of the stream; <see cref="ProvidedBuffer.StillProvided"/>). The
/// analyzers treat a path on which it tested true as owing no recycle, so <c>if (buffer.IsEmpty) return;</c> is correct.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class NothingLentWhenTrueAttribute : Attribute
{
}

/// <summary>
/// Marks a hand-written method that prepares one request, with the request's <see cref="UringOpKind"/> (what
/// <see cref="UringOpAttribute.Kind"/> says for declared ops). The analyzers read it to know, for example, that a
/// write-like request's success posts no completion on a ring without <see cref="RingOptions.NotifySucceed"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RequestKindAttribute : Attribute
{
    /// <summary>Marks the method with the kind of request it prepares.</summary>
    /// <param name="kind">The kind.</param>
    public RequestKindAttribute(UringOpKind kind) => Kind = kind;

    /// <summary>The kind of request the method prepares.</summary>
    public UringOpKind Kind { get; }
}
