using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class PairReader
{
    private readonly EventLoop _loop;
    private readonly byte[] _left = new byte[4096];
    private readonly byte[] _right = new byte[4096];

    public PairReader(EventLoop loop) => _loop = loop;

    public Task<int> ReadBothAsync(int leftFd, int rightFd, CancellationToken cancellationToken)
    {
        return _loop.RunAsync(async () =>
        {
            Task<int> left = _loop.ReadAsync(leftFd, _left, 0, cancellationToken).AsTask();
            Task<int> right = _loop.ReadAsync(rightFd, _right, 0, cancellationToken).AsTask();
            await Task.WhenAll(left, right);
            return left.Result + right.Result;
        });
    }
}
