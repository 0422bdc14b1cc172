using System;
using Uring;

[UringContext]
public partial struct Upload
{
    public CompletionHandler Handler;
    public int Fd;
    public int Sequence;
}

public static class UploadHandlers
{
    [UringHandler]
    public static void OnWritten(Ring ring, in CqeView cqe)
    {
        ExtendedSqe ext = cqe.ExtendedSqe;
        Upload.Release(ring, ext);
        Upload state = Upload.Load(ext); // expect URING0013
        if (cqe.Result < 0)
        {
            Console.Error.WriteLine($"upload {state.Sequence} on fd {state.Fd} failed: {cqe.Error}");
        }
    }
}
