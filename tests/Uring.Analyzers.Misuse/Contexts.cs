namespace Uring.Misuse;

#pragma warning disable CS0169, CS0649, CS1591 // The misuse is the point; unused fields and docs are not.

/// <summary>Malformed [UringContext] and [UringHandler] declarations: URING0150 to URING0156.</summary>
[UringContext]
public struct NotPartial
{
    public int Value;
}

[UringContext]
public partial struct TooLarge
{
    public long A, B, C, D, E, F, G, H;
    public byte Extra;
}

[UringContext]
public partial struct WithAutoProperty
{
    public int Value { get; set; }
}

[UringContext]
public partial struct TooManyReferences
{
    public string? A, B, C, D, E, F, G, H, I;
}

[UringContext]
public partial struct TwoHandlers
{
    public CompletionHandler First;
    public CompletionHandler Second;
}

[UringContext]
public partial struct ReservedName
{
    public int Layout;
}

public static class MisshapedHandlers
{
    [UringHandler]
    public static void ByValue(Ring ring, CqeView cqe)
    {
    }
}
