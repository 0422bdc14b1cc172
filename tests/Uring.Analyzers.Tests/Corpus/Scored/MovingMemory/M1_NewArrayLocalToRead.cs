using System;
using Uring;

public sealed class ConfigLoader
{
    private readonly Ring _ring;

    public ConfigLoader(Ring ring) => _ring = ring;

    public void BeginLoad(int fd, int size)
    {
        var contents = new byte[size];
        _ring.TryPrepareRead(SqeContext.FromValue(1), fd, contents.AsSpan(), 0); // expect URING0001
        _ring.Submit();
    }
}
