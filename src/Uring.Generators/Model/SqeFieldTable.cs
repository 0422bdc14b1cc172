namespace Uring.Generators.Model;

/// <summary>
/// For each <see cref="SqeField"/> (the runtime's enum, compiled into this assembly from its one source file):
/// the C# type of the <c>IoUringSqe</c> member it writes, and the member whose bytes it shares (its union
/// group), so values aimed at the same bytes are OR-ed into one store and two parameters aimed at them are
/// rejected. The member names are the enum's names. Uring.Analyzers compiles this same file, and a generator
/// test checks the types and groups against the offsets and sizes of <c>IoUringSqe</c>.
/// </summary>
internal static class SqeFieldTable
{
    public const int None = (int)SqeField.None;

    /// <summary>Fields a value can be stored in: everything but <see cref="SqeField.None"/> and <see cref="SqeField.Cmd"/>.</summary>
    public static bool IsScalar(int field) => IsValid(field) && field != (int)SqeField.Cmd;

    /// <summary>A member of the enum other than <see cref="SqeField.None"/>.</summary>
    public static bool IsValid(int field) => field > None && field <= Last;

    /// <summary>The highest member of the enum (members are appended, so older numbers never move).</summary>
    private const int Last = (int)SqeField.ZcrxIfqIdx;

    /// <summary>The <c>IoUringSqe</c> member (the enum name), or the number when it names no member.</summary>
    public static string Member(int field)
        => field >= None && field <= Last
            ? ((SqeField)field).ToString()
            : field.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The C# type of the member, empty for <see cref="SqeField.Cmd"/> (bytes, not a value).</summary>
    public static string TypeOf(int field) => (SqeField)field switch
    {
        SqeField.Flags or SqeField.WriteStream => "byte",
        SqeField.IoPrio or SqeField.BufIndex or SqeField.BufGroup or SqeField.Personality or SqeField.AddrLen => "ushort",
        SqeField.Fd or SqeField.SpliceFdIn => "int",
        SqeField.CmdOp or SqeField.Level or SqeField.OptName or SqeField.Len or SqeField.OpFlags or SqeField.FileIndex or SqeField.OptLen or SqeField.ZcrxIfqIdx => "uint",
        SqeField.Off or SqeField.Addr2 or SqeField.Addr or SqeField.SpliceOffIn or SqeField.Addr3 or SqeField.OptVal or SqeField.Pad2 => "ulong",
        _ => string.Empty,
    };

    /// <summary>
    /// The field whose member and type a store to <paramref name="field"/> uses: the first-listed member of a
    /// kernel union of the same size (a narrower member at the same offset is its own store).
    /// </summary>
    public static int Group(int field) => (int)((SqeField)field switch
    {
        SqeField.Addr2 => SqeField.Off,
        SqeField.SpliceOffIn => SqeField.Addr,
        SqeField.BufGroup => SqeField.BufIndex,
        SqeField.SpliceFdIn or SqeField.OptLen or SqeField.ZcrxIfqIdx => SqeField.FileIndex,
        SqeField.OptVal => SqeField.Addr3,
        SqeField other => other,
    });
}
