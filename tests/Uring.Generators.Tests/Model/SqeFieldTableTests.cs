using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Uring.Generators.Model;
using Xunit;

namespace Uring.Generators.Tests.Model;

/// <summary>
/// The generator keeps its own copy of <see cref="SqeField"/> (it cannot reference the runtime); these
/// tests pin that copy to the runtime enum and to the members of <see cref="IoUringSqe"/> it writes.
/// </summary>
public sealed class SqeFieldTableTests
{
    public static TheoryData<string> ScalarFields { get; } = new(
        Enum.GetNames<SqeField>().Where(name => SqeFieldTable.IsScalar((int)Enum.Parse<SqeField>(name))));

    [Fact]
    public void Names_match_the_runtime_enum_by_name_and_value()
    {
        string[] runtime = Enum.GetValues<SqeField>().OrderBy(value => (int)value).Select(value => $"{(int)value}={value}").ToArray();
        string[] generator = SqeFieldTable.Names.Select((name, index) => $"{index}={name}").ToArray();

        Assert.Equal(runtime, generator);
    }

    [Fact]
    public void Constants_match_the_runtime_enum()
    {
        FieldInfo[] constants = typeof(SqeFieldTable)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .ToArray();

        Assert.Equal(Enum.GetValues<SqeField>().Length, constants.Length);
        Assert.All(constants, constant => Assert.Equal((int)Enum.Parse<SqeField>(constant.Name), (int)constant.GetRawConstantValue()!));
    }

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
    public void Only_None_and_Cmd_are_not_scalars()
    {
        string[] notScalar = Enum.GetValues<SqeField>().Where(value => !SqeFieldTable.IsScalar((int)value)).Select(value => value.ToString()).ToArray();

        Assert.Equal(new[] { nameof(SqeField.None), nameof(SqeField.Cmd) }, notScalar);
        Assert.Equal(string.Empty, SqeFieldTable.TypeOf((int)SqeField.Cmd));
        Assert.False(SqeFieldTable.IsValid(SqeFieldTable.Names.Length));
    }

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
