using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Uring.Generators.Model;

/// <summary>
/// The rules an <c>[UringOp]</c> declaration can break. Uring.Analyzers reports each as one diagnostic
/// (URING0100 to URING0112, in this order); the generator writes no body for a declaration that breaks any.
/// </summary>
internal enum OpRule
{
    /// <summary>Not a partial method declaration, or one whose body the author wrote; args: method.</summary>
    NotPartialDeclaration,
    /// <summary>Does not return <c>bool</c>; args: method, return type.</summary>
    ReturnType,
    /// <summary>Not exactly one <c>SqeContext</c> parameter; args: method, count.</summary>
    ContextCount,
    /// <summary>A parameter that maps to nothing, maps two ways, or is <c>out</c>; args: parameter, reason.</summary>
    ParameterUnmapped,
    /// <summary>No ring to submit to, or more than one; args: method, reason.</summary>
    Ring,
    /// <summary>Two parameters write the same SQE bytes; args: first parameter, second parameter, field.</summary>
    DuplicateField,
    /// <summary>An <c>[SqeFlag]</c> on a non-<c>bool</c>, or with a value that is not an integer; args: parameter, reason.</summary>
    InvalidFlag,
    /// <summary>A parameter type the generator cannot encode; args: parameter, type, hint.</summary>
    UnencodableType,
    /// <summary>An <c>[Sqe]</c> option that does not apply to the parameter; args: option, parameter, what it applies to.</summary>
    OptionNotApplicable,
    /// <summary>A generic method; args: method.</summary>
    Generic,
    /// <summary>A field that cannot hold a value (None, Cmd for a non-byte span, a number outside the enum); args: parameter, field.</summary>
    FieldNotScalar,
    /// <summary>A method of a file-local type, which the generated part cannot reopen; args: method, type.</summary>
    FileLocalType,
    /// <summary>A held parameter without <c>[HeldUntilCompletion]</c>, or the marker on one that is not held; args: parameter, reason.</summary>
    HeldMarker,
}

/// <summary>How a parameter of an <c>[UringOp]</c> method is encoded.</summary>
internal enum ParameterEncoding
{
    /// <summary>The <c>SqeContext</c>: becomes <c>user_data</c>.</summary>
    Context,
    /// <summary>The <c>OpOptions</c>: flags, ioprio, personality.</summary>
    Options,
    /// <summary>The <c>Ring</c> a static op submits to.</summary>
    Ring,
    /// <summary>An integer or enum stored in a field.</summary>
    Scalar,
    /// <summary>A <c>bool</c> that ORs constant bits into a field when true.</summary>
    Flag,
    /// <summary>A span whose address the kernel uses until the completion.</summary>
    HeldSpan,
    /// <summary>A span copied into the slot staging.</summary>
    StagedSpan,
    /// <summary>A <c>ReadOnlySpan&lt;char&gt;</c> path staged as NUL-terminated UTF-8.</summary>
    Path,
    /// <summary>A <c>TimeSpan</c> staged as a <c>__kernel_timespec</c>.</summary>
    Duration,
    /// <summary>An unmanaged struct copied into the slot staging.</summary>
    StagedStruct,
    /// <summary>A pointer or native-sized integer stored as an address.</summary>
    Address,
    /// <summary>A byte span copied into the SQE's inline command area (+48; 16 bytes, or 80 in a 128-byte SQE).</summary>
    Command,
    /// <summary>A staged value type implementing <c>Uring.ISlotStageable</c>: it copies itself into the slot staging.</summary>
    SelfStaged,
    /// <summary>A <c>Uring.FileTarget</c>: its <c>FileIndex</c> is stored in <c>file_index</c>.</summary>
    FileTarget,
    /// <summary>A struct without an attribute of its own whose <c>[Sqe]</c> members are each stored in their field.</summary>
    Members,
}

/// <summary>
/// One broken rule, with the symbol it is about and, when the fault is in an attribute's arguments, that
/// attribute (an analyzer reports there).
/// </summary>
internal sealed class OpProblem
{
    public OpProblem(OpRule rule, ISymbol symbol, AttributeData? attribute, params string[] arguments)
    {
        Rule = rule;
        Symbol = symbol;
        Attribute = attribute;
        Arguments = arguments;
    }

    public OpRule Rule { get; }

    public ISymbol Symbol { get; }

    public AttributeData? Attribute { get; }

    public string[] Arguments { get; }
}

/// <summary>How one parameter is encoded, and into which SQE fields.</summary>
internal sealed class InspectedParameter
{
    public InspectedParameter(IParameterSymbol parameter, ParameterEncoding? encoding, int field, int lengthField, bool notEmpty, long bias, ulong flagValue)
    {
        Parameter = parameter;
        Encoding = encoding;
        Field = field;
        LengthField = lengthField;
        NotEmpty = notEmpty;
        Bias = bias;
        FlagValue = flagValue;
    }

    public IParameterSymbol Parameter { get; }

    /// <summary>Null when the parameter cannot be encoded (a problem says why).</summary>
    public ParameterEncoding? Encoding { get; }

    /// <summary>The <see cref="SqeField"/> the value goes to, or <see cref="SqeFieldTable.None"/>.</summary>
    public int Field { get; }

    /// <summary>The <see cref="SqeField"/> that receives the length, or <see cref="SqeFieldTable.None"/>.</summary>
    public int LengthField { get; }

    public bool NotEmpty { get; }

    public long Bias { get; }

    /// <summary>The bits an <c>[SqeFlag]</c> ORs in when the parameter is true.</summary>
    public ulong FlagValue { get; }

    /// <summary>The kernel uses the memory until the completion: a span passed by address, or a pointer.</summary>
    public bool Held => Encoding is ParameterEncoding.HeldSpan or ParameterEncoding.Address;

    /// <summary>
    /// <c>CarriesCloseOnExec</c>: the value (for a staged struct, its <see cref="CloseOnExecMember"/>) holds
    /// the close-on-exec bit, which the op's <c>FileTarget</c> decides.
    /// </summary>
    public bool CarriesCloseOnExec { get; set; }

    /// <summary>For a staged struct that carries close-on-exec: its integer <c>Flags</c> member, which holds the bit.</summary>
    public InspectedMember? CloseOnExecMember { get; set; }

    /// <summary>For a <c>FileTarget</c>: the <c>FileTargetKind</c> member names the op refuses.</summary>
    public List<string> RefusedTargets { get; } = new();

    /// <summary>For <see cref="ParameterEncoding.Members"/>: the struct's mapped members, in declaration order.</summary>
    public List<InspectedMember> Members { get; } = new();
}

/// <summary>A property or field of a struct parameter that an <c>[Sqe]</c> maps to a field (or the <c>Flags</c> member of a staged struct).</summary>
internal sealed class InspectedMember
{
    public InspectedMember(ISymbol member, ITypeSymbol type, int field, bool carriesCloseOnExec)
    {
        Member = member;
        Type = type;
        Field = field;
        CarriesCloseOnExec = carriesCloseOnExec;
    }

    public ISymbol Member { get; }

    public ITypeSymbol Type { get; }

    /// <summary>The <see cref="SqeField"/> the value goes to, or <see cref="SqeFieldTable.None"/>.</summary>
    public int Field { get; }

    public bool CarriesCloseOnExec { get; }
}

/// <summary>What <see cref="OpInspector.Inspect"/> found: the opcode, kind, constants, each parameter, the ring, and every problem.</summary>
internal sealed class OpInspection
{
    public OpInspection(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    public byte Opcode { get; set; }

    /// <summary>The <c>IoUringOp</c> member name of the opcode, or its number.</summary>
    public string OpcodeName { get; set; } = string.Empty;

    public UringOpKind Kind { get; set; }

    /// <summary>Constant values the attribute writes, as (field, value).</summary>
    public List<(int Field, long Value)> Constants { get; } = new();

    /// <summary>The parameters in declaration order.</summary>
    public List<InspectedParameter> Parameters { get; } = new();

    /// <summary>An instance method of <c>Ring</c> (or a type derived from it): the op submits to <c>this</c>.</summary>
    public bool IsRingInstance { get; set; }

    /// <summary>The <c>Ring</c> parameter a static op submits to.</summary>
    public IParameterSymbol? RingParameter { get; set; }

    public List<OpProblem> Problems { get; } = new();

    /// <summary>
    /// False when an attribute's arguments cannot be read (the compiler reports such code itself, so no rule
    /// does): the generator skips the declaration.
    /// </summary>
    public bool Readable { get; set; } = true;

    public bool IsWellFormed => Readable && Problems.Count == 0;
}
