using System;
using System.IO;
using Uring;

public sealed class Uploader
{
    private readonly byte[] _chunk = GC.AllocateArray<byte>(65536, pinned: true);

    public void Upload(Ring ring, Stream source, int fd)
    {
        int n = source.Read(_chunk, 0, _chunk.Length);
        long offset = 0;
        while (n > 0)
        {
            ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _chunk.AsSpan(0, n), offset);
            ring.Submit();
            offset += n;
            n = source.Read(_chunk, 0, _chunk.Length); // expect URING0003
        }
    }
}
