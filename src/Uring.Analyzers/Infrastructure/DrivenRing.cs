using Microsoft.CodeAnalysis;

namespace Uring.Analyzers.Infrastructure;

/// <summary>An issuer-only call (<see cref="Call"/>) a method makes on a ring: a field or property, or its parameter <see cref="Parameter"/>.</summary>
internal sealed class DrivenRing
{
    public DrivenRing(string call, IOperation ring, int parameter, ISymbol symbol)
    {
        Call = call;
        Ring = ring;
        Parameter = parameter;
        Symbol = symbol;
    }

    public string Call { get; }

    /// <summary>The ring expression in the method that drives it (for a field, where its provenance is judged).</summary>
    public IOperation Ring { get; }

    /// <summary>The ordinal of the parameter the ring arrives through, or -1 for a field or property.</summary>
    public int Parameter { get; }

    public ISymbol Symbol { get; }
}
