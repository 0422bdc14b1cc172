using System;
using Uring;

public static class Checksums
{
    public static uint Sum(ProvidedBufferRing group, in CqeView cqe)
    {
        if (!cqe.IsSuccess || !cqe.HasBuffer)
        {
            return 0;
        }

        ProvidedBuffer buffer = group.Take(cqe);
        uint sum = 0;
        ReadOnlySpan<byte> data = buffer.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == 0)
            {
                continue;
            }

            sum = (sum << 1 | sum >> 31) ^ data[i];
        }

        group.Recycle(buffer);
        return sum;
    }
}
