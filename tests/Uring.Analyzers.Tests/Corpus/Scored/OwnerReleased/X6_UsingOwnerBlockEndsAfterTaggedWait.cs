using System;
using System.Buffers;
using System.Threading;
using Uring;

public static class Handshake
{
    public static int ReceiveHello(Ring ring, int socket, Span<byte> hello)
    {
        using (IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(512))
        {
            Memory<byte> memory = owner.Memory[..512];
            if (!ring.TryPrepareRecv(SqeContext.FromValue(11), socket, memory))
            {
                return -1;
            }

            Span<CqeView> completions = stackalloc CqeView[4];
            int result;
            while (true)
            {
                int n = ring.Wait(completions, 1, Timeout.InfiniteTimeSpan);
                int match = -1;
                for (int i = 0; i < n; i++)
                {
                    if (completions[i].Context.Value == 11)
                    {
                        match = i;
                        break;
                    }
                }

                if (match >= 0)
                {
                    result = completions[match].Result;
                    break;
                }
            }

            if (result > 0)
            {
                memory.Span[..Math.Min(result, hello.Length)].CopyTo(hello);
            }

            return result;
        }
    }
}
