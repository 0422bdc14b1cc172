namespace Uring.Generators;

/// <summary>Names of the tracked pipeline steps (tests assert these stay cached across unrelated edits).</summary>
internal static class TrackingNames
{
    /// <summary>Symbols of an <c>[UringOp]</c> method turned into an equatable <see cref="Model.OpModel"/>.</summary>
    public const string OpModels = nameof(OpModels);

    /// <summary>Only the well-formed declarations (malformed ones are left to the analyzer).</summary>
    public const string ValidOpModels = nameof(ValidOpModels);
}
