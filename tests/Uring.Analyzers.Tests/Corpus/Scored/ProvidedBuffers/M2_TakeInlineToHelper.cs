using System;
using Uring;

public sealed class Sink
{
    private readonly ProvidedBufferRing _group;
    private long _total;

    public Sink(ProvidedBufferRing group) => _group = group;

    private void Consume(ReadOnlySpan<byte> bytes) => _total += bytes.Length;

    public void OnReceive(in CqeView cqe) => Consume(_group.Take(cqe).Data); // expect URING0005
}
