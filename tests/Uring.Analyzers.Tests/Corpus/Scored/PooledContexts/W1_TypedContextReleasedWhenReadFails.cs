using System;
using Uring;

[UringContext]
public partial struct BlockRead
{
    public CompletionHandler Handler;
    public int Fd;
    public long Offset;
}

public sealed class BlockReader
{
    private readonly Ring _ring;
    private readonly byte[] _block = GC.AllocateArray<byte>(64 * 1024, pinned: true);

    public BlockReader(Ring ring) => _ring = ring;

    public bool TryReadBlock(int fd, long offset)
    {
        if (!BlockRead.TryRent(_ring, new BlockRead { Fd = fd, Offset = offset }, out ExtendedSqe ext))
        {
            return false;
        }

        if (!_ring.TryPrepareRead(ext.Context, fd, _block.AsSpan(), offset))
        {
            BlockRead.Release(_ring, ext);
            return false;
        }

        return true;
    }

    public void OnCompleted(in CqeView cqe)
    {
        BlockRead state = BlockRead.Load(cqe.ExtendedSqe);
        BlockRead.Release(_ring, cqe.ExtendedSqe);
        Console.WriteLine($"fd {state.Fd} @ {state.Offset}: {cqe.Result} bytes");
    }
}
