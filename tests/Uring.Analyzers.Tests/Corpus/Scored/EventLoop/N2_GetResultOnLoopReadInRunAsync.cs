using System;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Uring;

public sealed class Loader
{
    public Task<int> LoadAsync(EventLoop loop, SafeFileHandle file, byte[] buffer)
        => loop.RunAsync(() =>
        {
            int n = loop.ReadAsync(file, buffer, 0).AsTask().GetAwaiter().GetResult(); // expect URING0012
            return Task.FromResult(n);
        });
}
