using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Uring.Generators.Model;
using Xunit;
using GeneratorSqeField = Uring.Generators.Model.SqeField;
using GeneratorUringOpKind = Uring.Generators.Model.UringOpKind;

namespace Uring.Generators.Tests.Model;

/// <summary>
/// The generator compiles the runtime's <see cref="SqeField"/> and <see cref="UringOpKind"/> source files
/// (it cannot reference the runtime); these tests prove the compiled copies are that source, and pin
/// <see cref="SqeFieldTable"/>'s types and union groups to the members of <see cref="IoUringSqe"/>.
/// </summary>
public sealed class SqeFieldTableTests
{
    public static TheoryData<string> ScalarFields { get; } = new(
        Enum.GetNames<SqeField>().Where(name => SqeFieldTable.IsScalar((int)Enum.Parse<SqeField>(name))));

    [Fact]
    public void The_generator_compiles_the_runtime_SqeField_enum()
    {
        Assert.Equal(Describe<SqeField>(), Describe<GeneratorSqeField>());
        Assert.Equal(typeof(GeneratorSqeField).Assembly, typeof(SqeFieldTable).Assembly);
    }

    [Fact]
    public void The_generator_compiles_the_runtime_UringOpKind_enum()
        => Assert.Equal(Describe<UringOpKind>(), Describe<GeneratorUringOpKind>());

    [Theory]
    [MemberData(nameof(ScalarFields))]
    public void A_scalar_field_names_an_IoUringSqe_member_of_the_stated_type(string name)
    {
        int field = (int)Enum.Parse<SqeField>(name);

        FieldInfo? member = typeof(IoUringSqe).GetField(SqeFieldTable.Member(field));

        Assert.NotNull(member);
        Assert.Equal(SqeFieldTable.TypeOf(field), KeywordOf(member.FieldType));
    }

    [Theory]
    [MemberData(nameof(ScalarFields))]
    public void A_scalar_field_shares_offset_and_size_with_the_member_its_group_stores(string name)
    {
        int field = (int)Enum.Parse<SqeField>(name);
        int group = SqeFieldTable.Group(field);

        Assert.Equal(group, SqeFieldTable.Group(group));
        Assert.Equal(OffsetOf(SqeFieldTable.Member(group)), OffsetOf(SqeFieldTable.Member(field)));
        Assert.Equal(SizeOf(SqeFieldTable.Member(group)), SizeOf(SqeFieldTable.Member(field)));
    }

    [Fact]
    public void Members_of_one_size_at_one_offset_share_a_group()
    {
        // The other direction: two fields over the same bytes are one store, so two parameters there collide.
        string[] scalars = ScalarFields.Select(row => row.Data).ToArray();
        foreach (string first in scalars)
        {
            foreach (string second in scalars)
            {
                bool sameBytes = OffsetOf(first) == OffsetOf(second) && SizeOf(first) == SizeOf(second);
                bool sameGroup = SqeFieldTable.Group((int)Enum.Parse<SqeField>(first)) == SqeFieldTable.Group((int)Enum.Parse<SqeField>(second));
                Assert.True(sameBytes == sameGroup, $"{first} and {second}: same bytes {sameBytes}, same group {sameGroup}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ScalarFields))]
    public void The_runtime_docs_of_a_field_state_its_offset_and_width(string name)
    {
        // The SqeField docs tell users where each field lands (and so which ones share bytes); they must say
        // what IoUringSqe does, or they become a second, wrong, union table.
        XElement member = RuntimeDocs().Single(element => (string?)element.Attribute("name") == "F:Uring.SqeField." + name);
        string summary = member.Element("summary")!.Value;
        Match offset = Regex.Match(summary, @"\+(\d+)");
        Match width = Regex.Match(summary, @"\b[us](8|16|32|64)\b");

        Assert.True(offset.Success && width.Success, $"SqeField.{name}: '{summary}' states no offset or width");
        Assert.Equal(OffsetOf(SqeFieldTable.Member((int)Enum.Parse<SqeField>(name))), int.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(8 * SizeOf(SqeFieldTable.Member((int)Enum.Parse<SqeField>(name))), int.Parse(width.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Only_None_and_Cmd_are_not_scalars()
    {
        string[] notScalar = Enum.GetValues<SqeField>().Where(value => !SqeFieldTable.IsScalar((int)value)).Select(value => value.ToString()).ToArray();

        Assert.Equal(new[] { nameof(SqeField.None), nameof(SqeField.Cmd) }, notScalar);
        Assert.Equal(string.Empty, SqeFieldTable.TypeOf((int)SqeField.Cmd));
        Assert.False(SqeFieldTable.IsValid(Enum.GetValues<SqeField>().Length));
        Assert.Equal("99", SqeFieldTable.Member(99));
    }

    private static string[] Describe<TEnum>()
        where TEnum : struct, Enum
        => Enum.GetValues<TEnum>().Select(value => $"{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}={value}").ToArray();

    private static XElement[] RuntimeDocs()
        => XDocument.Load(Path.ChangeExtension(typeof(SqeField).Assembly.Location, ".xml")).Descendants("member").ToArray();

    private static int OffsetOf(string member) => Marshal.OffsetOf<IoUringSqe>(member).ToInt32();

    private static int SizeOf(string member) => Marshal.SizeOf(typeof(IoUringSqe).GetField(member)!.FieldType);

    private static string KeywordOf(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int16 => "short",
        TypeCode.UInt32 => "uint",
        TypeCode.Int32 => "int",
        TypeCode.UInt64 => "ulong",
        TypeCode.Int64 => "long",
        _ => type.FullName!,
    };
}
