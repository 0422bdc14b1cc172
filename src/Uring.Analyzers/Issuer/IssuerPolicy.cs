using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// Decides which rings the single-issuer rules treat as single-issuer. By default only rings provably
/// created without <c>MultiIssuers</c>: a ring whose creation is out of sight might be multi-issuer, and a
/// rule that fires on correct code is worse than none. <c>uring_assume_single_issuer = true</c> in
/// <c>.editorconfig</c> opts in to treating those rings as single-issuer too (the runtime's default).
/// </summary>
internal static class IssuerPolicy
{
    public const string AssumeSingleIssuerKey = "uring_assume_single_issuer";

    public static bool IsSingleIssuer(OptionValue multiIssuers, AnalyzerOptions options, SyntaxTree tree)
    {
        if (multiIssuers == OptionValue.Off)
        {
            return true;
        }

        return multiIssuers == OptionValue.Unknown
               && options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(AssumeSingleIssuerKey, out string? value)
               && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);
    }
}
