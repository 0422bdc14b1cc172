using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Uring.Generators.Tests.Support;

/// <summary>Finds <c>[UringOp]</c> method declarations by syntax, independently of the generator.</summary>
internal static class OpDeclarations
{
    public static IEnumerable<MethodDeclarationSyntax> In(IEnumerable<SyntaxTree> trees)
        => trees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(method => method.AttributeLists
                .SelectMany(list => list.Attributes)
                .Any(attribute => IsUringOp(attribute.Name)));

    private static bool IsUringOp(NameSyntax name)
    {
        string simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => string.Empty,
        };
        return simple is "UringOp" or "UringOpAttribute";
    }
}
