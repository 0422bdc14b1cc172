using System;

namespace Uring.Hardening.Child;

/// <summary>
/// The child's output: one line per event, flushed at once, so the parent knows which case was running when
/// the process died. <c>START name</c> before a case, then <c>PASS name detail</c> or <c>FAIL name detail</c>.
/// </summary>
public static class ChildProtocol
{
    public const string Start = "START";
    public const string Pass = "PASS";
    public const string Fail = "FAIL";

    public static void Write(string kind, string name, string detail)
    {
        // Tabs separate the fields: names and details contain spaces, never tabs or newlines.
        Console.Out.Write($"{kind}\t{name}\t{detail.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ')}\n");
        Console.Out.Flush();
    }
}
