using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Uring.Generators.Model;

/// <summary>
/// Hand-written op-prep methods marked <c>[GenerateContextOverload]</c>: the runtime's public wrappers that
/// validate before they reserve and then call a private op. Only their generic overload is generated, so the
/// model needs the parameters as declared, not an SQE mapping.
/// </summary>
internal static partial class OpModelBuilder
{
    /// <summary>
    /// An overload-only model, or null when the method cannot have the overload: partial (an op declares
    /// <c>[UringOp]</c> instead), generic, not returning <c>bool</c>, without exactly one <c>SqeContext</c>,
    /// with an <c>out</c> parameter or a default value the overload cannot repeat, or not on a ring. The
    /// attribute is internal to Uring.Runtime, so only the runtime's own methods reach this.
    /// </summary>
    public static OpModel? BuildHandWritten(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.TargetNode is not MethodDeclarationSyntax declaration
            || method.IsPartialDefinition
            || method.PartialDefinitionPart is not null
            || method.IsGenericMethod
            || method.ReturnType.SpecialType != SpecialType.System_Boolean
            || SymbolFacts.IsInFileLocalType(method.ContainingType))
        {
            return null;
        }

        string? ringExpression = !method.IsStatic && SymbolFacts.IsOrDerivesFrom(method.ContainingType, KnownNames.Ring) ? "this" : null;
        List<OpParameter> parameters = new();
        int contexts = 0;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? defaultValue = DefaultValueOf(parameter);
            if (parameter.RefKind == RefKind.Out || defaultValue is null)
            {
                return null;
            }

            ParameterEncoding encoding = SymbolFacts.MetadataName(parameter.Type) switch
            {
                KnownNames.SqeContext => ParameterEncoding.Context,
                KnownNames.OpOptions => ParameterEncoding.Options,
                _ when parameter.Type is INamedTypeSymbol named && SymbolFacts.IsOrDerivesFrom(named, KnownNames.Ring) => ParameterEncoding.Ring,
                _ => ParameterEncoding.Scalar,
            };
            if (encoding == ParameterEncoding.Context)
            {
                contexts++;
            }
            else if (encoding == ParameterEncoding.Ring && ringExpression is null)
            {
                ringExpression = "@" + parameter.Name;
            }

            parameters.Add(ParameterOf(parameter, encoding, defaultValue, IsHeldUntilCompletion(parameter)));
        }

        ContextOverload? overload = contexts == 1 && ringExpression is not null
            ? ContextOverloadOf(method, declaration, context.SemanticModel.Compilation)
            : null;
        if (overload is null)
        {
            return null;
        }

        return ModelOf(method, declaration, parameters, ringExpression!, overload) with { OverloadOnly = true };
    }

    /// <summary>The hand-written method already marks the memory the kernel keeps; the overload repeats the mark.</summary>
    private static bool IsHeldUntilCompletion(IParameterSymbol parameter)
        => SymbolFacts.FindAttribute(parameter, KnownNames.HeldUntilCompletionAttribute) is not null;
}
