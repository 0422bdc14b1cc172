using System.Text.RegularExpressions;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>
/// [UringContext] and [UringHandler] declarations, malformed (with markup where the analyzer reports) and
/// well-formed, shared by the analyzer tests and the generator agreement tests. Each is top-level code in
/// <c>namespace App</c>.
/// </summary>
public static class ContextDeclarationCases
{
    public const string Prelude = "using System.Collections.Generic;\nnamespace App;\n";

    public static TheoryData<string, string> Malformed { get; } = new()
    {
        { "URING0150", "[UringContext] public struct {|URING0150:S|} { public int X; }" },
        { "URING0150", "[UringContext] public ref partial struct {|URING0150:S|} { public int X; }" },
        { "URING0150", "public class Outer { [UringContext] public partial struct {|URING0150:S|} { public int X; } }" },
        { "URING0150", "[UringContext] file partial struct {|URING0150:S|} { public int X; }" },
        { "URING0150", "[UringContext] public partial struct {|URING0150:Handlers|} { public int X; }" },
        { "URING0151", "[UringContext] public partial struct {|URING0151:S|} { public long A, B, C, D, E, F, G, H; public byte I; }" },
        { "URING0151", "[UringContext] public partial struct {|URING0151:S|} { public byte A; public Guid B, C, D, E; }" },
        { "URING0152", "[UringContext] public partial struct S { public int {|URING0152:X|} { get; set; } }" },
        { "URING0152", "[UringContext] public partial record struct S(int {|URING0152:X|});" },
        { "URING0152", "[UringContext] public unsafe partial struct S { public fixed byte {|URING0152:Name|}[16]; }" },
        { "URING0152", "[UringContext] public partial struct S { public Memory<byte> {|URING0152:Buffer|}; }" },
        { "URING0152", "[UringContext] public partial struct S<T> where T : unmanaged { public T {|URING0152:Value|}; }" },
        { "URING0152", "[UringContext] public partial struct S<T> { public T {|URING0152:Value|}; }" },
        { "URING0152", "[UringContext] public partial struct S<T> where T : class { public Guid {|URING0152:Id|}; public T Owner; }" },
        { "URING0153", "[UringContext] public partial struct {|URING0153:S|} { public string A, B, C, D, E, F, G, H, I; }" },
        { "URING0154", "[UringContext] public partial struct S { public CompletionHandler First; public CompletionHandler {|URING0154:Second|}; }" },
        { "URING0155", "[UringContext] public partial struct S { public int {|URING0155:Layout|}; }" },
        { "URING0155", "[UringContext] public partial struct S { public int X; public static S {|URING0155:Load|}() => default; }" },
        { "URING0155", "[UringContext] public partial struct S { public int X; public struct {|URING0155:Ref|} { } }" },
        { "URING0155", "[UringContext] public partial struct S { public int {|URING0155:__managed|}; }" },
        { "URING0156", "public static class H { [UringHandler] public static void {|URING0156:M|}(Ring ring, CqeView cqe) { } }" },
        { "URING0156", "public class H { [UringHandler] public void {|URING0156:M|}(Ring ring, in CqeView cqe) { } }" },
        { "URING0156", "public static class H { [UringHandler] public static int {|URING0156:M|}(Ring ring, in CqeView cqe) => 0; }" },
        { "URING0156", "public static class H { [UringHandler] public static void {|URING0156:M|}<T>(Ring ring, in CqeView cqe) { } }" },
        { "URING0156", "public static class H<T> { [UringHandler] public static void {|URING0156:M|}(Ring ring, in CqeView cqe) { } }" },
        { "URING0156", "public static class H { [UringHandler] public static void {|URING0156:M|}(ref Ring ring, in CqeView cqe) { } }" },
    };

    /// <summary>Well-formed declarations, each with the number of contexts it declares.</summary>
    public static TheoryData<int, string> WellFormed { get; } = new()
    {
        { 1, "[UringContext] public partial struct S { }" },
        { 1, "[UringContext] public partial struct S { public long A, B, C, D, E, F, G, H; }" },
        { 1, "[UringContext] public partial struct S { public string A, B, C, D, E, F, G, H; }" },
        { 1, "[UringContext] public partial struct S { public CompletionHandler Handler; public object Owner; public Guid Id; public int? Count; }" },
        { 1, "[UringContext] public partial struct S { public DateTime When; public DateTimeOffset At; public TimeSpan Took; public Half Ratio; public ExtendedSqe Next; }" },
        { 1, "[UringContext] public readonly partial struct S { public readonly int Id; public readonly string Name; public int Computed => Id * 2; }" },
        { 1, "[UringContext] public partial record struct S { public int X; }" },
        { 1, "public partial class G<T> where T : class { [UringContext] public partial struct S { public T Owner; public List<T> All; public long Stamp; } }" },
        { 1, "[UringContext] public unsafe partial struct S { public byte* Data; public delegate*<int, void> Callback; }" },
        { 0, "public static class H { [UringHandler] public static void M(Ring ring, in CqeView cqe) { } }" },
        { 1, "[UringContext] public partial struct S { public CompletionHandler Handler; } public static class H { [UringHandler(typeof(S))] internal static void M(Ring ring, in CqeView cqe) { } }" },
    };

    public static string Source(string declaration) => Prelude + declaration + "\n";

    /// <summary>The source without markup.</summary>
    public static string Plain(string declaration) => Regex.Replace(Source(declaration), @"\{\|URING\d{4}:|\|\}", string.Empty);
}
