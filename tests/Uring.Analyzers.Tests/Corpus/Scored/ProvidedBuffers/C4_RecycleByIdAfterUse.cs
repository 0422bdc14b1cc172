using System;
using System.Text;
using Uring;

public sealed class Printer
{
    private readonly ProvidedBufferRing _group;

    public Printer(ProvidedBufferRing group) => _group = group;

    public void Print(in CqeView cqe)
    {
        ProvidedBuffer buffer = _group.Take(cqe);
        ushort id = buffer.Id;
        Console.WriteLine(Encoding.UTF8.GetString(buffer.Data));
        _group.Recycle(id);
        Console.WriteLine($"recycled {id}");
    }
}
