using System;
using Uring;

public static class BlockWriter
{
    public static void WriteBlocks(Ring ring, int fd, int slot, int blockSize, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ring.RegisteredBuffer(slot).Fill((byte)i); // expect URING0003
            if (!ring.TryPrepareWriteFixed(SqeContext.FromValue((ulong)i), fd, slot, 0, blockSize, (long)i * blockSize))
            {
                break;
            }

            ring.Submit();
        }
    }
}
