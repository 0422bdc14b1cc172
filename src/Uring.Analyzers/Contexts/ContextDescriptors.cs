using Microsoft.CodeAnalysis;

namespace Uring.Analyzers.Contexts;

/// <summary>
/// URING0150–URING0156: malformed <c>[UringContext]</c> and <c>[UringHandler]</c> declarations (the range the
/// catalogue reserves for contexts). Kept beside the analyzer so the rules can be dropped in as one folder;
/// they follow the catalogue's conventions (help link per ID, one category, Unshipped release tracking).
/// </summary>
internal static class ContextDescriptors
{
    public const string ContextShapeId = "URING0150";
    public const string ContextTooLargeId = "URING0151";
    public const string ContextFieldId = "URING0152";
    public const string ContextTooManyReferencesId = "URING0153";
    public const string ContextSecondHandlerId = "URING0154";
    public const string ContextReservedNameId = "URING0155";
    public const string HandlerShapeId = "URING0156";

    public const string Category = "Uring.ContextDeclaration";
    private const string HelpBase = "https://github.com/uring-dotnet/uring/blob/main/docs/analyzers/";
    private const string Description = "The Uring generator writes nothing for a malformed [UringContext] declaration; this rule says what is wrong.";

    /// <summary>"[UringContext] type '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor ContextShape = Error(
        ContextShapeId,
        "[UringContext] type must be a partial struct",
        "[UringContext] type '{0}' {1}");

    /// <summary>"The unmanaged fields of [UringContext] '{0}' take {1} bytes, more than the 64 bytes of ExtSqe user data".</summary>
    public static readonly DiagnosticDescriptor ContextTooLarge = Error(
        ContextTooLargeId,
        "[UringContext] is larger than 64 bytes",
        "The unmanaged fields of [UringContext] '{0}' take {1} bytes (naturally aligned), more than the 64 bytes of ExtSqe user data");

    /// <summary>"Context member '{0}' of type '{1}' {2}".</summary>
    public static readonly DiagnosticDescriptor ContextField = Error(
        ContextFieldId,
        "[UringContext] member cannot be stored",
        "Context member '{0}' of type '{1}' {2}");

    /// <summary>"[UringContext] '{0}' has {1} reference fields; a context carries at most {2}".</summary>
    public static readonly DiagnosticDescriptor ContextTooManyReferences = Error(
        ContextTooManyReferencesId,
        "[UringContext] has too many reference fields",
        "[UringContext] '{0}' has {1} reference fields; a context carries at most {2}");

    /// <summary>"[UringContext] '{0}' has a second CompletionHandler field '{1}'".</summary>
    public static readonly DiagnosticDescriptor ContextSecondHandler = Error(
        ContextSecondHandlerId,
        "[UringContext] has more than one CompletionHandler field",
        "[UringContext] '{0}' has a second CompletionHandler field '{1}'; the handler slot is one field, at offset 0");

    /// <summary>"'{0}' is a name the generator gives a member of every [UringContext]".</summary>
    public static readonly DiagnosticDescriptor ContextReservedName = Error(
        ContextReservedNameId,
        "[UringContext] member uses a generated member's name",
        "'{0}' is a name the generator gives a member of every [UringContext]; rename it");

    /// <summary>"[UringHandler] method '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor HandlerShape = new(
        HandlerShapeId,
        "[UringHandler] method is not 'static void M(Ring ring, in CqeView cqe)'",
        "[UringHandler] method '{0}' {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Generated dispatchers call [UringHandler] methods directly only when they are static, non-generic, outside generic types and take (Ring ring, in CqeView cqe); any other method marked [UringHandler] is ignored.",
        helpLinkUri: HelpBase + HandlerShapeId + ".md");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, Description, HelpBase + id + ".md");
}
