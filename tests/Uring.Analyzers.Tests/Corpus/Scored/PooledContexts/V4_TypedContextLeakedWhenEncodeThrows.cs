using System;
using System.Text;
using Uring;

[UringContext]
public partial struct Reply
{
    public CompletionHandler Handler;
    public int Fd;
    public int Length;
}

public sealed class Responder
{
    private readonly Ring _ring;
    private readonly byte[] _out = GC.AllocateArray<byte>(4096, pinned: true);

    public Responder(Ring ring) => _ring = ring;

    public bool TryRespond(int fd, string body)
    {
        if (!Reply.TryRent(_ring, new Reply { Fd = fd }, out ExtendedSqe ext)) // expect URING0006
        {
            return false;
        }

        int length;
        try
        {
            length = Encoding.UTF8.GetBytes(body, _out);
        }
        catch (ArgumentException)
        {
            Console.Error.WriteLine("reply too large");
            return false;
        }

        Reply.In(ext).Length = length;
        if (!_ring.TryPrepareSend(ext.Context, fd, _out.AsSpan(0, length)))
        {
            Reply.Release(_ring, ext);
            return false;
        }

        return true;
    }
}
