using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

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
}

/// <summary>One parameter of an op-prep method, reduced to strings and numbers.</summary>
internal sealed record OpParameter(
    string Name,
    string TypeDisplay,
    string Modifiers,
    ParameterEncoding Encoding,
    int Field,
    int LengthField,
    bool NotEmpty,
    long Bias,
    ulong FlagValue);

/// <summary>A constant an <c>[UringOp]</c> attribute writes into a field.</summary>
internal sealed record OpConstant(int Field, long Value);

/// <summary>
/// One declaration in the chain of types that contains the method (outermost first); the name carries
/// the type parameters with their variance.
/// </summary>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

/// <summary>
/// Everything the emitter needs about one <c>[UringOp]</c> method: strings, numbers and equatable arrays
/// only, so the incremental pipeline can compare models across runs and never roots a compilation.
/// </summary>
internal sealed record OpModel(
    string HintName,
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string MethodModifiers,
    string MethodName,
    EquatableArray<OpParameter> Parameters,
    string RingExpression,
    byte Opcode,
    string OpcodeName,
    int Kind,
    EquatableArray<OpConstant> Constants,
    bool UsesPointers);
