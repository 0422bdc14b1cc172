namespace Uring.Generators.Model;

/// <summary>
/// The generator's copy of the runtime's <c>SqeField</c> enum: for each value, the <c>IoUringSqe</c> member
/// it writes, that member's C# type, and the member whose bytes it shares (its union group), so values
/// aimed at the same bytes are OR-ed into one store. A runtime test checks this table against the enum.
/// </summary>
internal static class SqeFieldTable
{
    public const int None = 0;
    public const int Flags = 1;
    public const int IoPrio = 2;
    public const int Fd = 3;
    public const int Off = 4;
    public const int Addr2 = 5;
    public const int CmdOp = 6;
    public const int Addr = 7;
    public const int SpliceOffIn = 8;
    public const int Level = 9;
    public const int OptName = 10;
    public const int Len = 11;
    public const int OpFlags = 12;
    public const int BufIndex = 13;
    public const int BufGroup = 14;
    public const int Personality = 15;
    public const int FileIndex = 16;
    public const int SpliceFdIn = 17;
    public const int OptLen = 18;
    public const int AddrLen = 19;
    public const int WriteStream = 20;
    public const int Addr3 = 21;
    public const int OptVal = 22;
    public const int Pad2 = 23;
    public const int Cmd = 24;

    private static readonly Entry[] s_entries =
    {
        new(string.Empty, string.Empty, None),
        new("Flags", "byte", Flags),
        new("IoPrio", "ushort", IoPrio),
        new("Fd", "int", Fd),
        new("Off", "ulong", Off),
        new("Addr2", "ulong", Off),
        new("CmdOp", "uint", CmdOp),
        new("Addr", "ulong", Addr),
        new("SpliceOffIn", "ulong", Addr),
        new("Level", "uint", Level),
        new("OptName", "uint", OptName),
        new("Len", "uint", Len),
        new("OpFlags", "uint", OpFlags),
        new("BufIndex", "ushort", BufIndex),
        new("BufGroup", "ushort", BufIndex),
        new("Personality", "ushort", Personality),
        new("FileIndex", "uint", FileIndex),
        new("SpliceFdIn", "int", FileIndex),
        new("OptLen", "uint", FileIndex),
        new("AddrLen", "ushort", AddrLen),
        new("WriteStream", "byte", WriteStream),
        new("Addr3", "ulong", Addr3),
        new("OptVal", "ulong", Addr3),
        new("Pad2", "ulong", Pad2),
        new("Cmd", string.Empty, Cmd),
    };

    /// <summary>Every field name in enum order (index = value).</summary>
    public static string[] Names
    {
        get
        {
            string[] names = new string[s_entries.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = i == 0 ? "None" : s_entries[i].Member;
            }

            return names;
        }
    }

    public static bool IsValid(int field) => field > None && field < s_entries.Length;

    /// <summary>Fields that hold a plain number (everything but <c>Cmd</c>).</summary>
    public static bool IsScalar(int field) => IsValid(field) && field != Cmd;

    public static string Member(int field) => s_entries[field].Member;

    public static string TypeOf(int field) => s_entries[field].Type;

    /// <summary>The field whose member and type a store to <paramref name="field"/> uses.</summary>
    public static int Group(int field) => s_entries[field].Group;

    private readonly struct Entry
    {
        public Entry(string member, string type, int group)
        {
            Member = member;
            Type = type;
            Group = group;
        }

        public string Member { get; }

        public string Type { get; }

        public int Group { get; }
    }
}
