using System;
using System.Threading.Tasks;
using Uring;

public sealed class Checks
{
    private readonly Ring _ring = new();

    public Checks() => _ring.Start();

    public void Run(int fd, Func<bool> checkA, Func<bool> checkB)
    {
        bool a = false, b = false;
        Parallel.Invoke(() => a = checkA(), () => b = checkB());
        if (a && b)
        {
            _ring.TryPrepareFsync(SqeContext.FromValue(1), fd);
            _ring.Submit();
        }
    }
}
