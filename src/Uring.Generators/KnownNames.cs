namespace Uring.Generators;

/// <summary>Metadata names of the runtime types the generator keys off.</summary>
internal static class KnownNames
{
    public const string UringOpAttribute = "Uring.UringOpAttribute";
    public const string GenerateContextOverloadAttribute = "Uring.GenerateContextOverloadAttribute";
    public const string HeldUntilCompletionAttribute = "Uring.HeldUntilCompletionAttribute";
    public const string UringContextAttribute = "Uring.UringContextAttribute";
    public const string UringHandlerAttribute = "Uring.UringHandlerAttribute";
    public const string SqeAttribute = "Uring.SqeAttribute";
    public const string SqeFlagAttribute = "Uring.SqeFlagAttribute";
    public const string Ring = "Uring.Ring";
    public const string SqeContext = "Uring.SqeContext";
    public const string OpOptions = "Uring.OpOptions";
    public const string Span = "System.Span`1";
    public const string ReadOnlySpan = "System.ReadOnlySpan`1";
    public const string Memory = "System.Memory`1";
    public const string ReadOnlyMemory = "System.ReadOnlyMemory`1";
    public const string TimeSpan = "System.TimeSpan";
    public const string SlotStageable = "Uring.ISlotStageable";
    public const string FileTarget = "Uring.FileTarget";
}
