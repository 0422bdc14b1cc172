using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Uring.Generators.Tests.Support;

/// <summary>Finds <c>[UringOp]</c> (and <c>[GenerateContextOverload]</c>) method declarations by syntax, independently of the generator.</summary>
internal static class OpDeclarations
{
    public static IEnumerable<MethodDeclarationSyntax> In(IEnumerable<SyntaxTree> trees)
        => Marked(trees, "UringOp");

    /// <summary>Hand-written methods marked <c>[GenerateContextOverload]</c> (each gets one generated file).</summary>
    public static IEnumerable<MethodDeclarationSyntax> HandWrittenIn(IEnumerable<SyntaxTree> trees)
        => Marked(trees, "GenerateContextOverload");

    private static IEnumerable<MethodDeclarationSyntax> Marked(IEnumerable<SyntaxTree> trees, string attributeName)
        => trees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(method => method.AttributeLists
                .SelectMany(list => list.Attributes)
                .Any(attribute => SimpleName(attribute.Name) is { } simple
                    && (simple == attributeName || simple == attributeName + "Attribute")));

    private static string SimpleName(NameSyntax name)
    {
        string simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => string.Empty,
        };
        return simple;
    }
}
