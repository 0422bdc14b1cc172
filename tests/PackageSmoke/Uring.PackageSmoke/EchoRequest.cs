using Uring;

namespace Uring.PackageSmoke;

/// <summary>What a request wants back with its completion; the generator in the Uring package writes the accessors.</summary>
[UringContext]
public partial struct EchoRequest
{
    public long Sequence;
    public string? Label;
}
