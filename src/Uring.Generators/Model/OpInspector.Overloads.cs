using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// Which method is the generic context overload of an op: the generator asks before it writes one (a base
/// type may have it already), and Uring.Analyzers asks to find the op behind a call of one.
/// </summary>
internal static partial class OpInspector
{
    /// <summary>
    /// True when <paramref name="candidate"/> has the shape of the overload the generator writes for
    /// <paramref name="op"/>: one type parameter, which takes the place of the op's <c>SqeContext</c>, and
    /// every other parameter as the op declares it.
    /// </summary>
    public static bool IsContextOverloadOf(IMethodSymbol candidate, IMethodSymbol op)
    {
        if (candidate.TypeParameters.Length != 1 || candidate.Parameters.Length != op.Parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < op.Parameters.Length; i++)
        {
            bool same = SymbolFacts.MetadataName(op.Parameters[i].Type) == KnownNames.SqeContext
                ? SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, candidate.TypeParameters[0])
                : SameParameter(op.Parameters[i], candidate.Parameters[i]);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same parameter types and by-reference-ness, position by position (what hiding compares).</summary>
    public static bool SameParameters(IMethodSymbol first, IMethodSymbol second)
    {
        if (first.Parameters.Length != second.Parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < first.Parameters.Length; i++)
        {
            if (!SameParameter(first.Parameters[i], second.Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameParameter(IParameterSymbol first, IParameterSymbol second)
        => (first.RefKind == RefKind.None) == (second.RefKind == RefKind.None)
           && SymbolEqualityComparer.Default.Equals(first.Type, second.Type);
}
