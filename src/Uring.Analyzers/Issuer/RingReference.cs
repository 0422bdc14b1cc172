using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Infrastructure;

namespace Uring.Analyzers.Issuer;

/// <summary>The variable a ring expression names, so that two mentions of one ring compare equal.</summary>
internal static class RingReference
{
    /// <summary>
    /// The local, parameter or field a ring expression names; for <c>s_ring.Value</c> of a <c>Lazy&lt;Ring&gt;</c>, the
    /// lazy's field; for a property of the application's own (<c>Shared</c>, <c>this.Ring</c>), the property. Null for
    /// anything else.
    /// </summary>
    public static ISymbol? SymbolOf(IOperation ring)
    {
        ring = ring.WalkDownConversion();
        switch (ring)
        {
            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } lazy } value when value.Property.ContainingType.IsType("System", "Lazy`1"):
                return lazy.ReferencedSymbol();
            case IPropertyReferenceOperation { Property: { IsIndexer: false } property } reference
                when property.DeclaringSyntaxReferences.Length > 0 && (reference.Instance is null || reference.Instance.WalkDownConversion() is IInstanceReferenceOperation):
                return property;
            default:
                return ring.ReferencedSymbol();
        }
    }
}
