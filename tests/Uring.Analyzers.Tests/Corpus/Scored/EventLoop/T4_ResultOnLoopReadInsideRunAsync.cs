using System;
using System.Threading.Tasks;
using Uring;

public sealed class Reader
{
    public Task<int> ReadHeaderAsync(EventLoop loop, int fd)
        => loop.RunAsync(() =>
        {
            byte[] header = new byte[64];
            int n = loop.ReadAsync(fd, header, 0).AsTask().Result; // expect URING0012
            return Task.FromResult(n);
        });
}
