using System.Collections.Generic;
using System.Linq;
using Uring.Tests.Hardening.Harness;
using Xunit;

namespace Uring.Tests.Hardening;

/// <summary>
/// The table-driven bad-input suite: each row is one bad input to one public API, with the exact exception
/// (and parameter name) or the exact completion errno it must get, followed by a NOP round trip on the same
/// ring. Rows carry their case's name, so a failure says which input broke what.
/// </summary>
public sealed class BadInputTests
{
    public static IEnumerable<TheoryDataRow<string>> FdNames => CaseTable.NamesOf(Families.Fds);

    [Theory]
    [MemberData(nameof(FdNames))]
    public void Bad_descriptor(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> SlotNames => CaseTable.NamesOf(Families.Slots);

    [Theory]
    [MemberData(nameof(SlotNames))]
    public void Bad_slot_or_buffer_index(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> PathNames => CaseTable.NamesOf(Families.Paths);

    [Theory]
    [MemberData(nameof(PathNames))]
    public void Bad_path(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> SizeNames => CaseTable.NamesOf(Families.Sizes);

    [Theory]
    [MemberData(nameof(SizeNames))]
    public void Bad_size_offset_span_or_duration(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> FlagNames => CaseTable.NamesOf(Families.Flags);

    [Theory]
    [MemberData(nameof(FlagNames))]
    public void Bad_flag_mode_or_target(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> OptionNames => CaseTable.NamesOf(Families.Options);

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Bad_ring_options(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> StateNames => CaseTable.NamesOf(Families.States);

    [Theory]
    [MemberData(nameof(StateNames))]
    public void Ring_not_started_stopped_or_disposed(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> ThreadNames => CaseTable.NamesOf(Families.Threads);

    [Theory]
    [MemberData(nameof(ThreadNames))]
    public void Wrong_thread(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> CapacityNames => CaseTable.NamesOf(Families.Capacity);

    [Theory]
    [MemberData(nameof(CapacityNames))]
    public void Full_sq_or_exhausted_pool(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> ContextNames => CaseTable.NamesOf(Families.Contexts);

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void Stale_foreign_or_double_returned_context(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> BufferGroupNames => CaseTable.NamesOf(Families.BufferGroups);

    [Theory]
    [MemberData(nameof(BufferGroupNames))]
    public void Bad_buffer_group_use(string name) => CaseTable.Run(name);

    public static IEnumerable<TheoryDataRow<string>> HelperNames => CaseTable.NamesOf(Families.Helpers);

    [Theory]
    [MemberData(nameof(HelperNames))]
    public void Bad_helper_or_registration_input(string name) => CaseTable.Run(name);

    [Fact]
    public void The_table_has_at_least_300_distinct_cases()
    {
        foreach (IGrouping<string, string> family in CaseTable.All.GroupBy(entry => entry.Value.Family, entry => entry.Key))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{family.Key}: {family.Count()} cases");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"total: {CaseTable.All.Count} cases");
        Assert.True(CaseTable.All.Count >= 300, $"The bad-input table has {CaseTable.All.Count} cases.");
        Assert.Equal(CaseTable.All.Count, CaseTable.All.Keys.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
    }
}
