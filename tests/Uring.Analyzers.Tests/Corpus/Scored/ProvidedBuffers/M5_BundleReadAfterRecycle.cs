using System;
using Uring;

public sealed class BundleReceiver
{
    private readonly ProvidedBufferRing _group;

    public BundleReceiver(ProvidedBufferRing group) => _group = group;

    public int Sum(in CqeView cqe)
    {
        ProvidedBufferBundle bundle = _group.TakeBundle(cqe);
        _group.Recycle(bundle);
        int sum = 0;
        for (int i = 0; i < bundle.Count; i++)
        {
            foreach (byte b in bundle.Buffer(i)) // expect URING0013
            {
                sum += b;
            }
        }

        return sum;
    }
}
