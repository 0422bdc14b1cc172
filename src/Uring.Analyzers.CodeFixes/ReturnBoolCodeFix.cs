using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.CodeFixes;

/// <summary>URING0101: makes an <c>[UringOp]</c> method return <c>bool</c> (false when the SQ is full).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnBoolCodeFix)), Shared]
public sealed class ReturnBoolCodeFix : CodeFixProvider
{
    private const string Title = "Return bool";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.OpReturnTypeId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                Title,
                _ =>
                {
                    TypeSyntax boolType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.BoolKeyword)).WithTriviaFrom(method.ReturnType);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method.ReturnType, boolType)));
                },
                equivalenceKey: Title),
            context.Diagnostics);
    }
}
