using System;
using System.Text;
using Uring;

[UringContext]
public partial struct Notice
{
    public CompletionHandler Handler;
    public int Fd;
    public int Length;
}

public sealed class Notifier
{
    private readonly Ring _ring;
    private readonly byte[] _out = GC.AllocateArray<byte>(4096, pinned: true);

    public Notifier(Ring ring) => _ring = ring;

    public bool TryNotify(int fd, string text)
    {
        if (!Notice.TryRent(_ring, new Notice { Fd = fd }, out ExtendedSqe ext))
        {
            return false;
        }

        int length;
        try
        {
            length = Encoding.UTF8.GetBytes(text, _out);
        }
        catch (ArgumentException)
        {
            Notice.Release(_ring, ext);
            return false;
        }

        Notice.In(ext).Length = length;
        if (!_ring.TryPrepareSend(ext.Context, fd, _out.AsSpan(0, length)))
        {
            Notice.Release(_ring, ext);
            return false;
        }

        return true;
    }
}
