using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Uring;

public sealed class Publisher
{
    private readonly Ring _ring;

    public Publisher()
    {
        _ring = new Ring();
        _ring.Start();
    }

    public async Task PublishFileAsync(string path, int socket, byte[] pinned)
    {
        string text = await File.ReadAllTextAsync(path);
        int n = Encoding.UTF8.GetBytes(text, pinned);
        _ring.TryPrepareSend(SqeContext.FromValue(1), socket, pinned.AsSpan(0, n)); // expect URING0010
        _ring.Submit(); // expect URING0010
    }
}
