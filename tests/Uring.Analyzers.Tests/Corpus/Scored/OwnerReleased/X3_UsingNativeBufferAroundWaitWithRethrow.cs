using System;
using System.Threading;
using Uring;

public static class HeaderProbe
{
    public static int ReadMagic(Ring ring, int fd)
    {
        using NativeBuffer header = new(512);
        try
        {
            if (!ring.TryPrepareRead(SqeContext.FromValue(5), fd, header.Memory[..16], 0))
            {
                return -1;
            }

            Span<CqeView> done = stackalloc CqeView[1];
            if (ring.Wait(done, 1, TimeSpan.FromSeconds(2)) == 0)
            {
                throw new TimeoutException($"no header from fd {fd}");
            }

            done[0].ThrowIfError();
            return BitConverter.ToInt32(header.Span[..4]);
        }
        catch (UringException error)
        {
            Console.Error.WriteLine($"probe of fd {fd} failed: {error.Message}");
            throw;
        }
    }
}
