using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Uring.Analyzers.Infrastructure;

/// <summary>Small helpers over <see cref="IOperation"/> trees.</summary>
internal static class OperationExtensions
{
    /// <summary>Strips conversions (implicit span conversions, casts, boxing) to the converted value.</summary>
    public static IOperation WalkDownConversion(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The local, parameter or field an expression names, after conversions; null for anything else.</summary>
    public static ISymbol? ReferencedSymbol(this IOperation operation) => operation.WalkDownConversion() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    /// <summary>The outermost operation of the tree that contains <paramref name="operation"/>.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>The nearest enclosing lambda or local function, or null in the method body itself.</summary>
    public static IOperation? EnclosingFunction(this IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>True if <paramref name="symbol"/> is declared inside the syntax of <paramref name="scope"/>.</summary>
    public static bool IsDeclaredWithin(this ISymbol symbol, IOperation scope)
    {
        foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == scope.Syntax.SyntaxTree && scope.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsType(this ITypeSymbol? type, string containingNamespace, string metadataName)
        => type is not null
           && type.MetadataName == metadataName
           && type.ContainingNamespace?.ToDisplayString() == containingNamespace;
}
