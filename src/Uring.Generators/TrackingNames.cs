namespace Uring.Generators;

/// <summary>Names of the tracked pipeline steps (tests assert these stay cached across unrelated edits).</summary>
internal static class TrackingNames
{
    /// <summary>Symbols of an <c>[UringOp]</c> method turned into an equatable <see cref="Model.OpModel"/>.</summary>
    public const string OpModels = nameof(OpModels);

    /// <summary>Only the well-formed declarations (malformed ones are left to the analyzer).</summary>
    public const string ValidOpModels = nameof(ValidOpModels);

    /// <summary>Hand-written <c>[GenerateContextOverload]</c> methods reduced to overload-only models (null when malformed).</summary>
    public const string HandWrittenOverloadModels = nameof(HandWrittenOverloadModels);

    /// <summary>Symbols of a <c>[UringContext]</c> struct turned into an equatable <see cref="Model.ContextModel"/>.</summary>
    public const string ContextModels = nameof(ContextModels);

    /// <summary>Only the well-formed contexts.</summary>
    public const string ValidContextModels = nameof(ValidContextModels);

    /// <summary>Symbols of a <c>[UringHandler]</c> method turned into an equatable <see cref="Model.HandlerModel"/>.</summary>
    public const string HandlerModels = nameof(HandlerModels);

    /// <summary>Every well-formed handler of the compilation, as one equatable array.</summary>
    public const string HandlerSet = nameof(HandlerSet);

    /// <summary>Whether the compilation allows unsafe code (direct handler calls need function pointers).</summary>
    public const string UnsafeAllowed = nameof(UnsafeAllowed);

    /// <summary>The contexts with a handler slot, reduced to what their dispatcher needs.</summary>
    public const string DispatchSites = nameof(DispatchSites);

    /// <summary>A dispatch site combined with the handlers it calls directly.</summary>
    public const string DispatchModels = nameof(DispatchModels);
}
