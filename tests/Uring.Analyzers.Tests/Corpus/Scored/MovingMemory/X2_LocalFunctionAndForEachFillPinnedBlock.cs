using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Uring;

public sealed class BatchWriter
{
    private readonly Ring _ring = CreateRing();

    private static Ring CreateRing()
    {
        Ring ring = new(new RingOptions { NotifySucceed = true, Entries = 8 });
        ring.Start();
        return ring;
    }

    public int WriteLines(int fd, List<string> lines) => WriteLines(_ring, fd, lines);

    private static int WriteLines(Ring ring, int fd, List<string> lines)
    {
        byte[] block = GC.AllocateArray<byte>(64 * 1024, pinned: true);
        int used = 0;

        lines.ForEach(line => Append(line));
        Append("\n");

        if (!ring.TryPrepareWrite(SqeContext.FromValue(3), fd, block.AsSpan(0, used), -1))
        {
            return -1;
        }

        Span<CqeView> done = stackalloc CqeView[1];
        ring.Wait(done, 1, Timeout.InfiniteTimeSpan);
        return done[0].Result;

        void Append(string text)
        {
            Span<byte> free = block.AsSpan(used);
            if (Encoding.UTF8.GetByteCount(text) + 1 > free.Length)
            {
                return;
            }

            used += Encoding.UTF8.GetBytes(text, free);
            block[used++] = (byte)'\n';
        }
    }
}
