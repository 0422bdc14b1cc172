using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;


/// <summary>The rules a <c>[UringContext]</c> or <c>[UringHandler]</c> declaration can break.</summary>
internal enum ContextRule
{
    /// <summary>Not a partial, non-ref struct in partial containing types; args: type, reason.</summary>
    NotPartialStruct,
    /// <summary>The unmanaged fields need more than 64 bytes; args: type, bytes.</summary>
    TooLarge,
    /// <summary>A member the generator cannot store; args: member, type, reason.</summary>
    UnsupportedField,
    /// <summary>More reference fields than the side table holds; args: type, count, maximum.</summary>
    TooManyManagedFields,
    /// <summary>A second <c>CompletionHandler</c> field; args: type, field.</summary>
    MoreThanOneHandler,
    /// <summary>A member named like a generated one; args: member.</summary>
    ReservedName,
    /// <summary>A <c>[UringHandler]</c> that is not <c>static void M(Ring, in CqeView)</c>; args: method, reason.</summary>
    HandlerShape,
}

/// <summary>How a context field is stored.</summary>
internal enum ContextFieldKind
{
    /// <summary>By value in the 64 bytes of user data.</summary>
    Unmanaged = 0,
    /// <summary>In the pool's GC-visible table of references.</summary>
    Managed = 1,
    /// <summary>The <c>CompletionHandler</c> slot, always at offset 0.</summary>
    Handler = 2,
}

/// <summary>One broken rule, with the symbol an analyzer reports it on.</summary>
internal sealed class ContextProblem
{
    public ContextProblem(ContextRule rule, ISymbol symbol, params string[] arguments)
    {
        Rule = rule;
        Symbol = symbol;
        Arguments = arguments;
    }

    public ContextRule Rule { get; }

    public ISymbol Symbol { get; }

    public string[] Arguments { get; }
}

/// <summary>A field of a context with its storage, size and (for unmanaged fields) offset.</summary>
internal sealed class InspectedField
{
    public InspectedField(IFieldSymbol field, ContextFieldKind kind, int size, int alignment, bool exactSize)
    {
        Field = field;
        Kind = kind;
        Size = size;
        Alignment = alignment;
        ExactSize = exactSize;
    }

    public IFieldSymbol Field { get; }

    public ContextFieldKind Kind { get; }

    public int Size { get; }

    public int Alignment { get; }

    /// <summary>False for structs whose size was computed from their fields: generated code re-checks it.</summary>
    public bool ExactSize { get; }

    public int Offset { get; set; } = -1;

    public int ManagedIndex { get; set; } = -1;
}

/// <summary>What <see cref="ContextInspector.Inspect"/> found: fields in declaration order, the layout, and every problem.</summary>
internal sealed class ContextInspection
{
    public ContextInspection(List<InspectedField> fields, List<ContextProblem> problems, int layoutSize)
    {
        Fields = fields;
        Problems = problems;
        LayoutSize = layoutSize;
    }

    public List<InspectedField> Fields { get; }

    public List<ContextProblem> Problems { get; }

    public int LayoutSize { get; }
}
