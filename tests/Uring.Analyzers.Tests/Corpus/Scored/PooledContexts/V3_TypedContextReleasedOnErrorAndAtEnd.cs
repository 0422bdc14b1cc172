using System;
using Uring;

[UringContext]
public partial struct Probe
{
    public CompletionHandler Handler;
    public int Target;
    public long StartedTicks;
}

public sealed class HealthProber
{
    public int Failures { get; private set; }

    public void OnProbeDone(Ring ring, in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        Probe.Ref probe = Probe.In(ext);
        if (!cqe.IsSuccess)
        {
            Failures++;
            Console.Error.WriteLine($"probe of {probe.Target} failed: {cqe.Error}");
            Probe.Release(ring, ext);
        }

        long elapsed = Environment.TickCount64 - probe.StartedTicks; // allow URING0013
        Console.WriteLine($"probe of {probe.Target} took {elapsed} ms"); // allow URING0013
        Probe.Release(ring, ext); // expect URING0007
    }
}
