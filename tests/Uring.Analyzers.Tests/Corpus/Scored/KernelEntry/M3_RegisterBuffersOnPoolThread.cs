using System;
using System.Threading.Tasks;
using Uring;

public sealed class LazySetup
{
    private readonly Ring _ring = new();

    public LazySetup() => _ring.Start();

    public Task PrepareAsync() => Task.Run(() => _ring.RegisterBuffers(8, 65536)); // expect URING0009
}
