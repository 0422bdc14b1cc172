using System;
using Uring;

[UringContext]
public partial struct UploadStep
{
    public CompletionHandler Handler;
    public int Fd;
    public int Attempt;
    public long StartedTicks;
}

public sealed class UploadCompletions
{
    private readonly Ring _ring;
    private readonly Action<int, int> _report;

    public UploadCompletions(Ring ring, Action<int, int> report)
    {
        _ring = ring;
        _report = report;
    }

    public void OnCompleted(in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        try
        {
            UploadStep step = UploadStep.Load(ext);
            if (!cqe.IsSuccess)
            {
                Console.Error.WriteLine($"upload on {step.Fd} failed on attempt {step.Attempt}: {cqe.Error}");
                return;
            }

            _report(step.Fd, cqe.Result);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine(error);
            throw;
        }
        finally
        {
            UploadStep.Release(_ring, ext);
        }
    }
}
