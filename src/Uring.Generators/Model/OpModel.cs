using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>One parameter of an op-prep method, reduced to strings and numbers.</summary>
/// <param name="DefaultValue">The declared default value as a C# expression (<c>-1L</c>, <c>(global::N.E)3</c>, <c>default</c>), or empty.</param>
/// <param name="Held">The kernel uses the memory until the completion (a held span or an address).</param>
/// <param name="CarriesCloseOnExec">The value holds the close-on-exec bit, which the op's FileTarget decides.</param>
/// <param name="FlagsMember">For a staged struct that carries close-on-exec: its <c>Flags</c> member, which holds the bit.</param>
/// <param name="RefusedTargets">For a FileTarget: the <c>FileTargetKind</c> members the op rejects.</param>
/// <param name="Members">For a struct parameter mapped member by member: the members, each with its field.</param>
/// <param name="LeasedMemoryType">
/// The <c>Memory&lt;T&gt;</c> type this span takes in the op's <c>Memory&lt;T&gt;</c> overload (the ring pins it until the
/// final completion), or empty: no overload, or not one of its memory parameters.
/// </param>
internal sealed record OpParameter(
    string Name,
    string TypeDisplay,
    string Modifiers,
    ParameterEncoding Encoding,
    int Field,
    int LengthField,
    bool NotEmpty,
    long Bias,
    ulong FlagValue,
    string DefaultValue = "",
    bool Held = false,
    bool CarriesCloseOnExec = false,
    OpMember? FlagsMember = null,
    EquatableArray<string> RefusedTargets = default,
    EquatableArray<OpMember> Members = default,
    string LeasedMemoryType = "");

/// <summary>
/// A member of a struct parameter stored in a field (or the <c>Flags</c> of a staged struct that carries
/// close-on-exec, with no field of its own).
/// </summary>
/// <param name="Name">The member's name, escaped for C# (<c>@Kind</c>).</param>
/// <param name="TypeDisplay">Its fully qualified type.</param>
internal sealed record OpMember(string Name, string TypeDisplay, int Field, bool CarriesCloseOnExec);

/// <summary>A constant an <c>[UringOp]</c> attribute writes into a field.</summary>
internal sealed record OpConstant(int Field, long Value);

/// <summary>
/// One declaration in the chain of types that contains the method (outermost first); the name carries
/// the type parameters with their variance.
/// </summary>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

/// <summary>
/// The generic overload written next to an op: it takes <c>in TContext context</c> (a <c>[UringContext]</c>
/// struct) instead of the <c>SqeContext</c>, rents a pooled Extended context, stores the value in it and
/// prepares the op with it, returning the context to the pool when the op is not prepared.
/// </summary>
/// <param name="Modifiers">The overload's modifiers: the op's accessibility, <c>static</c>, <c>unsafe</c>, <c>readonly</c>, and <c>new</c> when it hides a base op's overload.</param>
/// <param name="TypeParameter">The name of the context type parameter (<c>TContext</c> unless that is taken).</param>
/// <param name="Target">What the op is called on: <c>this</c>, or the containing type's qualified name for a static op.</param>
internal sealed record ContextOverload(string Modifiers, string TypeParameter, string Target);

/// <summary>
/// The generated <c>ref struct</c> that carries a user's op's arguments into its <c>Ring.TryPrepare</c> filler.
/// </summary>
/// <param name="Name">The type's name, unique per op (method name and parameter hash).</param>
/// <param name="TypeParameters">For a file-local type, the containing types' type parameters (<c>&lt;T, TKey&gt;</c>); else empty.</param>
/// <param name="Constraints">For a file-local type, the <c>where</c> clauses of those type parameters.</param>
/// <param name="FileLocal">True in an interface with variant type parameters, which cannot nest a struct (CS8427); else nested in the op's type.</param>
internal sealed record ArgumentsType(string Name, string TypeParameters, EquatableArray<string> Constraints, bool FileLocal);

/// <summary>
/// Everything the emitter needs about one <c>[UringOp]</c> method: strings, numbers and equatable arrays
/// only, so the incremental pipeline can compare models across runs and never roots a compilation.
/// </summary>
/// <param name="OverloadOnly">
/// A hand-written method marked <c>[GenerateContextOverload]</c>: it has its own body, so only the generic
/// overload is written (opcode, kind and constants are then unused).
/// </param>
/// <param name="Arguments">
/// Null for an op of the runtime itself, whose body calls the ring's internal reserve/publish/abandon; for an op
/// declared in any other assembly, the type its body passes to the public <c>Ring.TryPrepare</c> (see
/// <c>OpModelBuilder.ArgumentsTypeOf</c>).
/// </param>
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
    UringOpKind Kind,
    EquatableArray<OpConstant> Constants,
    bool UsesPointers,
    ContextOverload? Overload,
    bool OverloadOnly = false,
    ArgumentsType? Arguments = null);
