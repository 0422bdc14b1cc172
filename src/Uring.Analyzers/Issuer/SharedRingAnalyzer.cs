using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Diagnostics;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>
/// URING0011 (a suggestion, best effort): a single-issuer ring stored in a static field (not
/// <c>[ThreadStatic]</c>), or captured by code handed to another thread and passed on or stored there (driving it
/// there is URING0009; only reading it, such as its features, is fine from any thread).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedRingAnalyzer : UringAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SharedSingleIssuerRing);

    private protected override void Register(CompilationStartAnalysisContext context, UringSymbols symbols)
    {
        RingProvenance provenance = new(symbols);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => AnalyzeStore(operation, symbols, provenance, definitions),
            OperationKind.SimpleAssignment,
            OperationKind.FieldInitializer);
        RegisterWithDefinitions(
            context,
            (operation, definitions) => AnalyzeCapture(operation, (IAnonymousFunctionOperation)operation.Operation, symbols, provenance, definitions),
            OperationKind.AnonymousFunction);
    }

    private static void AnalyzeStore(OperationAnalysisContext context, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        (IFieldSymbol? field, IOperation? value) = context.Operation switch
        {
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment => (target.Field, assignment.Value),
            IFieldInitializerOperation { InitializedFields.Length: 1 } initializer => (initializer.InitializedFields[0], initializer.Value),
            _ => (null, null),
        };
        if (field is not { IsStatic: true } || value is null || !symbols.IsRing(field.Type) || IsThreadStatic(field))
        {
            return;
        }

        if (IssuerPolicy.IsSingleIssuer(provenance.Of(value, RingProvenance.MultiIssuers, definitions), context.Options, value.Syntax.SyntaxTree)
            && value.WalkDownConversion() is not (ILiteralOperation or IDefaultValueOperation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SharedSingleIssuerRing,
                context.Operation.Syntax.GetLocation(),
                field.Name,
                "stored in a static field"));
        }
    }

    private static void AnalyzeCapture(OperationAnalysisContext context, IAnonymousFunctionOperation lambda, UringSymbols symbols, RingProvenance provenance, LocalDefinitions definitions)
    {
        if (ThreadDispatch.ApiOf(lambda, symbols) is not { } api)
        {
            return;
        }

        HashSet<ISymbol> seen = new(SymbolEqualityComparer.Default);
        foreach (IOperation node in lambda.Body.Descendants())
        {
            if (!symbols.IsRing(node.Type)
                || node.ReferencedSymbol() is not { } ring
                || ring.IsDeclaredWithin(lambda)
                || DrivenHere(node, symbols)
                || OnlyRead(node, symbols)
                || !seen.Add(ring)
                || CrossThreadIssuerAnalyzer.StartsRing(lambda, ring, symbols))
            {
                continue;
            }

            if (IssuerPolicy.IsSingleIssuer(provenance.Of(node, RingProvenance.MultiIssuers, definitions), context.Options, node.Syntax.SyntaxTree))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SharedSingleIssuerRing,
                    node.Syntax.GetLocation(),
                    ring.Name,
                    "captured by code given to " + api));
            }
        }
    }

    /// <summary>The ring is the target of an issuer-only call: URING0009 reports that, not this rule.</summary>
    private static bool DrivenHere(IOperation reference, UringSymbols symbols)
    {
        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation or IArgumentOperation)
        {
            parent = parent.Parent;
        }

        return parent is IInvocationOperation call && symbols.IsIssuerOnly(call.TargetMethod);
    }

    /// <summary>
    /// The ring is only read there: a property or field (its features, its options, <c>IsStarted</c>), a method that
    /// is not issuer-only, or handed to a method of the application whose body does not drive it. Any thread may do that.
    /// </summary>
    private static bool OnlyRead(IOperation reference, UringSymbols symbols)
    {
        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IPropertyReferenceOperation property when property.Instance == reference || property.Instance?.WalkDownConversion() == reference:
            case IFieldReferenceOperation field when field.Instance == reference:
                return true;
            case IInvocationOperation call when call.Instance?.WalkDownConversion() == reference.WalkDownConversion():
                return !symbols.IsIssuerOnly(call.TargetMethod);
            case IArgumentOperation { Parent: IInvocationOperation callee, Parameter: { } parameter }
                when callee.TargetMethod.DeclaringSyntaxReferences.Length > 0 && SourceFacts.Body(callee.TargetMethod, reference.SemanticModel) is not null:
                // URING0009 reports a callee that drives it; one that does not only reads it.
                return !symbols.IsIssuerOnly(callee.TargetMethod);
            default:
                return false;
        }
    }

    private static bool IsThreadStatic(IFieldSymbol field)
    {
        foreach (AttributeData attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass.IsType("System", "ThreadStaticAttribute"))
            {
                return true;
            }
        }

        return false;
    }
}
