using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Uring.Analyzers.Infrastructure;

// Which rings a method drives without starting them: the issuer rules follow a call into a helper of the same object
// (or a static one) through this summary.
internal sealed partial class SourceFacts
{
    /// <summary>
    /// The issuer-only calls the body of <paramref name="method"/> (in sight) makes on rings it does not start itself,
    /// directly or through the methods of the same object (or static ones) it calls: on a field or property (the ring
    /// expression, for its provenance) or on one of its parameters. Code in lambdas inside the body is not counted:
    /// it runs when something calls it.
    /// </summary>
    public IReadOnlyList<DrivenRing> Drives(IMethodSymbol method, SemanticModel? model) => Drives(method, model, 0);

    /// <summary>
    /// The parameter a ring expression is, directly or through a local given it once (<c>var ring = (Ring)state!;</c>,
    /// the state argument of a callback), or null.
    /// </summary>
    private static IParameterReferenceOperation? ParameterBehind(IOperation ring, LocalDefinitions definitions)
    {
        IOperation current = ring.WalkDownConversion();
        if (current is ILocalReferenceOperation local && definitions.Of(local.Local) is { Count: 1 } values && values[0] is { } value)
        {
            current = value.WalkDownConversion();
        }

        return current as IParameterReferenceOperation;
    }

    /// <summary>The field or property a local ring was given once (<c>Ring? ring = Shared;</c>, <c>var ring = _ring;</c>), or null.</summary>
    private static IOperation? FieldBehind(IOperation ring, LocalDefinitions definitions)
    {
        if (ring.WalkDownConversion() is ILocalReferenceOperation local && definitions.Of(local.Local) is { Count: 1 } values
            && values[0]?.WalkDownConversion() is { } value && Issuer.RingReference.SymbolOf(value) is IFieldSymbol or IPropertySymbol)
        {
            return value;
        }

        return null;
    }

    private IReadOnlyList<DrivenRing> Drives(IMethodSymbol method, SemanticModel? model, int depth)
    {
        if (depth > MaxCallDepth || model is null)
        {
            return Array.Empty<DrivenRing>();
        }

        IMethodSymbol key = method.OriginalDefinition;
        if (_drives.TryGetValue(key, out IReadOnlyList<DrivenRing>? known))
        {
            return known;
        }

        List<DrivenRing> driven = new();
        if (Body(method, model) is not { } body || !Enter(key))
        {
            return driven;
        }

        HashSet<ISymbol> started = new(SymbolEqualityComparer.Default);
        LocalDefinitions definitions = LocalDefinitions.For(new[] { body });
        foreach (IOperation node in OwnOperations(body))
        {
            if (node is not IInvocationOperation call)
            {
                continue;
            }

            if (_symbols.BindsIssuer(call.TargetMethod) && call.Instance is { } bound && Issuer.RingReference.SymbolOf(bound) is { } boundRing)
            {
                started.Add(boundRing);
                continue;
            }

            if (_symbols.IsIssuerOnly(call.TargetMethod) && _symbols.RingOf(call) is { } ring)
            {
                if (ParameterBehind(ring, definitions) is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, key))
                {
                    driven.Add(new DrivenRing(call.TargetMethod.Name, ring, parameter.Parameter.Ordinal, parameter.Parameter));
                }
                else if (Issuer.RingReference.SymbolOf(ring) is IFieldSymbol or IPropertySymbol)
                {
                    driven.Add(new DrivenRing(call.TargetMethod.Name, ring, -1, Issuer.RingReference.SymbolOf(ring)!));
                }
                else if (FieldBehind(ring, definitions) is { } copied)
                {
                    // `Ring? ring = Shared;` then `ring.Reap(...)`: a local given once from a field or property drives that ring.
                    driven.Add(new DrivenRing(call.TargetMethod.Name, copied, -1, Issuer.RingReference.SymbolOf(copied)!));
                }
                else if (method.MethodKind == MethodKind.LocalFunction && Issuer.RingReference.SymbolOf(ring) is ILocalSymbol captured
                         && !SymbolEqualityComparer.Default.Equals(captured.ContainingSymbol, key))
                {
                    // A local function driving a ring it captures from the method around it.
                    driven.Add(new DrivenRing(call.TargetMethod.Name, ring, -1, captured));
                }

                continue;
            }

            if (call.Instance is null or IInstanceReferenceOperation && call.TargetMethod.DeclaringSyntaxReferences.Length > 0)
            {
                foreach (DrivenRing inner in Drives(call.TargetMethod, model, depth + 1))
                {
                    if (inner.Parameter < 0)
                    {
                        driven.Add(inner);
                        continue;
                    }

                    // The callee drives its parameter: what this body passes there.
                    IArgumentOperation? argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == inner.Parameter);
                    IOperation? value = argument?.Value.WalkDownConversion();
                    if (value is not null && ParameterBehind(value, definitions) is { } passed && SymbolEqualityComparer.Default.Equals(passed.Parameter.ContainingSymbol, key))
                    {
                        driven.Add(new DrivenRing(inner.Call, value, passed.Parameter.Ordinal, passed.Parameter));
                    }
                    else if (value is not null && Issuer.RingReference.SymbolOf(value) is IFieldSymbol or IPropertySymbol)
                    {
                        driven.Add(new DrivenRing(inner.Call, value, -1, Issuer.RingReference.SymbolOf(value)!));
                    }
                }
            }
        }

        driven.RemoveAll(ring => started.Contains(ring.Symbol));
        Leave(key);
        _drives[key] = driven;
        return driven;
    }
}
