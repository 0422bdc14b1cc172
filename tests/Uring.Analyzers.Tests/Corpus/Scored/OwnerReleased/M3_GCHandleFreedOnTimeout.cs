using System;
using System.Runtime.InteropServices;
using Uring;

public sealed unsafe class SectorReader
{
    private readonly CqeView[] _cqes = new CqeView[1];

    public int ReadSector(Ring ring, int device, long sector, byte[] destination)
    {
        GCHandle handle = GCHandle.Alloc(destination, GCHandleType.Pinned);
        var span = new Span<byte>((void*)handle.AddrOfPinnedObject(), 512);
        ring.TryPrepareRead(SqeContext.FromValue(1), device, span, sector * 512);
        int got = ring.Wait(_cqes, 1, TimeSpan.FromMilliseconds(250));
        if (got == 0)
        {
            handle.Free(); // expect URING0002
            return -1;
        }

        handle.Free();
        return _cqes[0].Result;
    }
}
