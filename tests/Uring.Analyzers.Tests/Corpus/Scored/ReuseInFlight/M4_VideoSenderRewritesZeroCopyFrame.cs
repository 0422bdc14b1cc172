using System;
using System.Threading;
using Uring;

public sealed class VideoSender
{
    private readonly Ring _ring;
    private readonly byte[] _frame = GC.AllocateArray<byte>(1 << 20, pinned: true);
    private readonly CqeView[] _cqes = new CqeView[4];

    public VideoSender(Ring ring) => _ring = ring;

    public void SendFrames(int socket, Func<int, byte[]> render, int count)
    {
        for (int frameNo = 0; frameNo < count; frameNo++)
        {
            byte[] image = render(frameNo);
            Buffer.BlockCopy(image, 0, _frame, 0, image.Length); // expect URING0003
            _ring.TryPrepareSendZc(SqeContext.FromValue((ulong)frameNo), socket, _frame.AsSpan(0, image.Length));
            _ring.Submit();
            _ring.Wait(_cqes, 1, Timeout.InfiniteTimeSpan);
        }
    }
}
