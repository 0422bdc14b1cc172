using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Analyzers.Buffers;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.CodeFixes;

/// <summary>
/// URING0001: replaces the <c>stackalloc T[n]</c> or <c>new T[n]</c> behind a buffer with
/// <c>GC.AllocateArray&lt;T&gt;(n, pinned: true)</c>, an array on the pinned object heap that never moves and
/// lives as long as it is referenced. Offered only where that is a drop-in change: a sized allocation with no
/// initializer, used as a span or array (not a <c>stackalloc</c> assigned to a pointer).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PinnedBufferCodeFix)), Shared]
public sealed class PinnedBufferCodeFix : CodeFixProvider
{
    private const string Title = "Allocate a pinned array (GC.AllocateArray with pinned: true)";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UnstableMemoryId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(UnstableMemoryAnalyzer.OriginKindProperty) || diagnostic.AdditionalLocations.Count == 0)
            {
                continue;
            }

            Location origin = diagnostic.AdditionalLocations[0];
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || origin.SourceTree != root.SyntaxTree)
            {
                continue;
            }

            ExpressionSyntax? allocation = root.FindNode(origin.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            if (allocation is null || Replacement(allocation, GcName(model, allocation.SpanStart)) is not { } replacement
                || model.GetTypeInfo(allocation, context.CancellationToken).ConvertedType?.TypeKind == TypeKind.Pointer)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(allocation, replacement))), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary><c>GC</c> where it already binds to <c>System.GC</c> (a <c>using System;</c>), else the full name.</summary>
    private static string GcName(SemanticModel model, int position)
    {
        foreach (ISymbol symbol in model.LookupNamespacesAndTypes(position, name: "GC"))
        {
            if (symbol is INamedTypeSymbol { ContainingNamespace.Name: "System", ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true })
            {
                return "GC";
            }
        }

        return "global::System.GC";
    }

    private static ExpressionSyntax? Replacement(ExpressionSyntax allocation, string gc)
    {
        ArrayTypeSyntax? type = allocation switch
        {
            StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax stack } => stack,
            ArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax array } => array,
            _ => null,
        };
        if (type is not { RankSpecifiers.Count: 1 } || type.RankSpecifiers[0].Sizes is not { Count: 1 } sizes || sizes[0] is OmittedArraySizeExpressionSyntax)
        {
            return null;
        }

        string text = gc + ".AllocateArray<" + type.ElementType.WithoutTrivia() + ">(" + sizes[0].WithoutTrivia() + ", pinned: true)";
        return SyntaxFactory.ParseExpression(text)
            .WithTriviaFrom(allocation);
    }
}
