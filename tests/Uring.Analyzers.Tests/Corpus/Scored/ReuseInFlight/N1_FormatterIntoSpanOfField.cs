using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Threading;
using Uring;

public sealed class CounterDump
{
    private readonly byte[] _line = GC.AllocateArray<byte>(32, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[16];

    public void Dump(Ring ring, int fd, IReadOnlyList<int> values)
    {
        Span<byte> line = _line;
        foreach (int value in values)
        {
            if (!Utf8Formatter.TryFormat(value, line, out int written)) // expect URING0003
            {
                throw new FormatException();
            }

            line[written] = (byte)'\n'; // expect URING0003
            ring.TryPrepareWrite(SqeContext.FromValue((ulong)value), fd, line[..(written + 1)], -1);
        }

        ring.Submit();
        ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
