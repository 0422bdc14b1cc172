using System;
using Uring;

public sealed class Releaser
{
    private readonly Ring _ring;

    public Releaser(Ring ring) => _ring = ring;

    public void Done(ExtendedSqe context, bool failed)
    {
        if (failed)
        {
            _ring.ReturnExtendedSqe(context);
            Console.Error.WriteLine("failed");
        }

        _ring.ReturnExtendedSqe(context); // expect URING0007
    }
}
