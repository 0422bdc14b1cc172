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
using Uring.Analyzers.Diagnostics;

namespace Uring.Analyzers.CodeFixes;

/// <summary>
/// URING0100: turns an <c>[UringOp]</c> method with a body into the partial declaration the generator
/// implements: adds <c>partial</c> (to the method and to every containing type that lacks it) and drops
/// the body. Not offered when the method already has a separate partial implementation: which of the two
/// to keep is the author's call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeOpPartialCodeFix)), Shared]
public sealed class MakeOpPartialCodeFix : CodeFixProvider
{
    private const string Title = "Make it a partial declaration the generator implements";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.OpNotPartialDeclarationId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
            || method.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, cancellation => FixAsync(context.Document, method, cancellation), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellation)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false))!;
        TypeDeclarationSyntax[] types = method.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToArray();
        root = root.TrackNodes(types.Cast<SyntaxNode>().Append(method));

        MethodDeclarationSyntax current = root.GetCurrentNode(method)!;
        MethodDeclarationSyntax declaration = current
            .WithModifiers(AddPartial(current.Modifiers))
            .WithBody(null)
            .WithExpressionBody(null)
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(current.GetTrailingTrivia()));
        root = root.ReplaceNode(current, declaration.WithParameterList(declaration.ParameterList.WithTrailingTrivia()));

        foreach (TypeDeclarationSyntax type in types)
        {
            TypeDeclarationSyntax currentType = root.GetCurrentNode(type)!;
            root = root.ReplaceNode(currentType, currentType.WithModifiers(AddPartial(currentType.Modifiers)));
        }

        return document.WithSyntaxRoot(root);
    }

    /// <summary><c>partial</c> goes last, right before the return type or the type keyword.</summary>
    private static SyntaxTokenList AddPartial(SyntaxTokenList modifiers)
    {
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return modifiers.Count == 0 ? modifiers.Add(partial) : modifiers.Add(partial.WithLeadingTrivia());
    }
}
