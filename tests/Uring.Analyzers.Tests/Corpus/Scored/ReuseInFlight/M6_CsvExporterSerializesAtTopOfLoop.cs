using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Uring;

public readonly record struct Sample(DateTime At, double Celsius);

public sealed class CsvExporter
{
    private readonly Ring _ring;
    private readonly byte[] _row = GC.AllocateArray<byte>(128, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[32];

    public CsvExporter(Ring ring) => _ring = ring;

    private static int Format(Sample sample, Span<byte> into)
        => Encoding.ASCII.GetBytes(sample.At.ToString("O", CultureInfo.InvariantCulture) + "," + sample.Celsius.ToString(CultureInfo.InvariantCulture) + "\n", into);

    public void Export(int fd, List<Sample> samples)
    {
        long offset = 0;
        foreach (Sample sample in samples)
        {
            int n = Format(sample, _row); // expect URING0003
            _ring.TryPrepareWrite(SqeContext.FromValue(1), fd, _row.AsSpan(0, n), offset);
            offset += n;
        }

        _ring.Submit();
        _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
    }
}
