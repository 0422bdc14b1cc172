using System;
using Uring;

[UringContext]
public partial struct FileRead
{
    public CompletionHandler Handler;
    public int Fd;
    public long Offset;
}

public sealed class ChunkReader
{
    private readonly Ring _ring;
    private readonly byte[] _chunk = GC.AllocateArray<byte>(64 * 1024, pinned: true);

    public ChunkReader(Ring ring) => _ring = ring;

    public bool TryReadChunk(int fd, long offset)
    {
        if (!FileRead.TryRent(_ring, new FileRead { Fd = fd, Offset = offset }, out ExtendedSqe ext)) // expect URING0006
        {
            return false;
        }

        if (!_ring.TryPrepareRead(ext.Context, fd, _chunk.AsSpan(), offset))
        {
            Console.Error.WriteLine($"submission queue full, chunk at {offset} not read");
            return false;
        }

        return true;
    }
}
