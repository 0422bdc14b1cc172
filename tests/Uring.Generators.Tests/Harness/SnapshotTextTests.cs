using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Harness;

public sealed class SnapshotTextTests
{
    [Theory]
    [InlineData("\uFEFFa\r\nb  \r\n\r\n", "a\nb\n")]
    [InlineData("a\rb\t\n", "a\nb\n")]
    [InlineData("a", "a\n")]
    [InlineData(" \r\n\n", "")]
    public void Normalize_strips_bom_line_ends_and_trailing_white_space(string input, string expected)
        => Assert.Equal(expected, SnapshotText.Normalize(input));

    [Fact]
    public void The_diff_lists_removed_then_added_lines_with_their_numbers()
        => Assert.Equal("- 2| b\n+ 2| B\n+ 4| d", LineDiff.Describe("a\nb\nc", "a\nB\nc\nd"));

    [Fact]
    public void The_diff_is_cut_short()
        => Assert.Equal("- 1| a\n- 2| a\n... 4 more changed lines", LineDiff.Describe("a\na\na", "b\nb\nb", maxLines: 2));
}
