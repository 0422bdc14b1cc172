namespace Uring.Hardening.Child.Support;

/// <summary>A typed context, so the generated <c>Dispatch</c> meets forged completions too.</summary>
[UringContext]
public partial struct ProbeContext
{
    public CompletionHandler Handler;
    public long Value;
}

/// <summary>The only handler of <see cref="ProbeContext"/>.</summary>
public static class ProbeHandlers
{
    public static int Calls;

    [UringHandler(typeof(ProbeContext))]
    public static void OnProbe(Ring ring, in CqeView cqe)
    {
        Calls++;
        ProbeContext.Release(ring, cqe.ExtendedSqe);
    }
}
