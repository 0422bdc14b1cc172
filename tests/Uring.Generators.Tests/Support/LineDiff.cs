using System;
using System.Collections.Generic;
using System.Globalization;

namespace Uring.Generators.Tests.Support;

/// <summary>A short line diff (longest common subsequence) for snapshot failure messages.</summary>
internal static class LineDiff
{
    /// <summary>
    /// Lines only in <paramref name="expected"/> as "- n| text", lines only in <paramref name="actual"/> as
    /// "+ n| text" (n = line number in that file), at most <paramref name="maxLines"/> of them.
    /// </summary>
    public static string Describe(string expected, string actual, int maxLines = 20)
    {
        string[] left = expected.Split('\n');
        string[] right = actual.Split('\n');
        int[,] common = CommonSuffixLengths(left, right);

        List<string> changes = new();
        int i = 0;
        int j = 0;
        while (i < left.Length || j < right.Length)
        {
            if (i < left.Length && j < right.Length && left[i] == right[j])
            {
                i++;
                j++;
            }
            else if (i < left.Length && (j == right.Length || common[i + 1, j] >= common[i, j + 1]))
            {
                changes.Add(Line('-', i, left[i]));
                i++;
            }
            else
            {
                changes.Add(Line('+', j, right[j]));
                j++;
            }
        }

        if (changes.Count > maxLines)
        {
            int hidden = changes.Count - maxLines;
            changes.RemoveRange(maxLines, hidden);
            changes.Add($"... {hidden} more changed lines");
        }

        return string.Join("\n", changes);
    }

    private static string Line(char sign, int index, string text)
        => sign + " " + (index + 1).ToString(CultureInfo.InvariantCulture) + "| " + text;

    /// <summary>common[i, j] = length of the longest common subsequence of left[i..] and right[j..].</summary>
    private static int[,] CommonSuffixLengths(string[] left, string[] right)
    {
        int[,] common = new int[left.Length + 1, right.Length + 1];
        for (int i = left.Length - 1; i >= 0; i--)
        {
            for (int j = right.Length - 1; j >= 0; j--)
            {
                common[i, j] = left[i] == right[j]
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        return common;
    }
}
