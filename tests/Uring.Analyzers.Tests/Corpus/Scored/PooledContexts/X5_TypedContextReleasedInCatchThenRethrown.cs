using System;
using System.Text;
using Uring;

[UringContext]
public partial struct NamedWrite
{
    public CompletionHandler Handler;
    public int Fd;
    public int Length;
}

public sealed class NamedWriter
{
    private readonly Ring _ring;
    private readonly byte[] _payload = GC.AllocateArray<byte>(4096, pinned: true);

    public NamedWriter(Ring ring) => _ring = ring;

    public bool TryWrite(int fd, string text)
    {
        if (!NamedWrite.TryRent(_ring, new NamedWrite { Fd = fd }, out ExtendedSqe ext))
        {
            return false;
        }

        int length;
        try
        {
            length = Encoding.UTF8.GetBytes(text, _payload);
        }
        catch (ArgumentException)
        {
            NamedWrite.Release(_ring, ext);
            throw;
        }

        NamedWrite.In(ext).Length = length;
        if (!_ring.TryPrepareWrite(ext.Context, fd, _payload.AsSpan(0, length), -1))
        {
            NamedWrite.Release(_ring, ext);
            return false;
        }

        return true;
    }

    public void OnCompleted(in CqeView cqe)
    {
        NamedWrite state = NamedWrite.Load(cqe.ExtendedSqe);
        NamedWrite.Release(_ring, cqe.ExtendedSqe);
        if (!cqe.IsSuccess)
        {
            Console.Error.WriteLine($"write of {state.Length} bytes to {state.Fd}: {cqe.Error}");
        }
    }
}
