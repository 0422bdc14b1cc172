namespace Uring.Tests.Hardening.Harness;

/// <summary>A typed context for the cases that go through the generated context overloads and <c>Dispatch</c>.</summary>
[UringContext]
public partial struct ProbeContext
{
    public CompletionHandler Handler;
    public ProbeCounter Counter;
    public long Value;
}

/// <summary>Counts what <see cref="ProbeHandlers.OnProbe"/> saw.</summary>
public sealed class ProbeCounter
{
    public int Calls;
}

/// <summary>The only handler of <see cref="ProbeContext"/>.</summary>
public static class ProbeHandlers
{
    [UringHandler(typeof(ProbeContext))]
    public static void OnProbe(Ring ring, in CqeView cqe)
    {
        ProbeContext.Ref probe = ProbeContext.From(in cqe);
        probe.Counter.Calls++;
        ProbeContext.Release(ring, cqe.ExtendedSqe);
    }
}
