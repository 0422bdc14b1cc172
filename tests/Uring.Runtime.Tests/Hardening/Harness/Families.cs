using System.Collections.Generic;
using Uring.Tests.Hardening.Cases;

namespace Uring.Tests.Hardening.Harness;

/// <summary>Every family of the bad-input table (one theory each in <c>BadInputTests</c>).</summary>
internal static class Families
{
    public const string Fds = "fds";
    public const string Slots = "slots";
    public const string Paths = "paths";
    public const string Sizes = "sizes";
    public const string Flags = "flags";
    public const string Options = "options";
    public const string States = "states";
    public const string Threads = "threads";
    public const string Capacity = "capacity";
    public const string Contexts = "contexts";
    public const string BufferGroups = "buffer groups";
    public const string Helpers = "helpers";

    public static IEnumerable<(string Family, IEnumerable<BadInputCase> Cases)> All =>
    [
        (Fds, FdCases.All()),
        (Slots, SlotCases.All()),
        (Paths, PathCases.All()),
        (Sizes, SizeCases.All()),
        (Flags, FlagCases.All()),
        (Options, OptionCases.All()),
        (States, StateCases.All()),
        (Threads, ThreadCases.All()),
        (Capacity, CapacityCases.All()),
        (Contexts, ContextCases.All()),
        (BufferGroups, BufferGroupCases.All()),
        (Helpers, HelperCases.All()),
    ];
}
