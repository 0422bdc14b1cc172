using System.Text.RegularExpressions;
using Xunit;

namespace Uring.Analyzers.Tests.Declarations;

/// <summary>
/// [UringOp] declarations, malformed (with markup where the analyzer reports) and well-formed, shared by
/// the analyzer tests and the generator agreement tests. Each is a member of <c>static partial class Ops</c>.
/// </summary>
public static class OpDeclarationCases
{
    public const string Prelude = "using static Uring.SqeField;\npublic struct Pair { public int A; public int B; }\npublic struct Sized { public long Value; public int Length; }\npublic readonly struct Header : ISlotStageable { public ulong StageInto(ref SubmissionSlot slot) => slot.Stage(42L); }\npublic enum Color : uint { Red = 1 }\n"
        + "public readonly struct Spec { public Spec(int a, uint b) { A = a; B = b; } [Sqe(Fd)] public int A { get; } [Sqe(Len, CarriesCloseOnExec = true)] public uint B { get; } }\n"
        + "public struct TextSpec { [Sqe(Fd)] public string Name; }\n"
        + "public struct CmdSpec { [Sqe(Cmd)] public int Bytes; }\n"
        + "public struct BiasedSpec { [Sqe(Fd, Bias = 1)] public int Slot; }\n";

    public static TheoryData<string, string> Malformed { get; } = new()
    {
        { "URING0100", "[UringOp(IoUringOp.Nop)] public static bool {|URING0100:Nop|}(this Ring ring, SqeContext context) => true;" },
        { "URING0100", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0100:Nop|}(this Ring ring, SqeContext context);\npublic static partial bool Nop(this Ring ring, SqeContext context) => true;" },
        { "URING0100", "[UringOp(IoUringOp.Close)] public static bool {|URING0100:Close|}(Ring ring, SqeContext context, [Sqe(Fd)] int fd) { return true; }" },
        { "URING0101", "[UringOp(IoUringOp.Nop)] public static partial int {|URING0101:Nop|}(this Ring ring, SqeContext context);" },
        { "URING0101", "[UringOp(IoUringOp.Nop)] public static partial void {|URING0101:Nop|}(this Ring ring, SqeContext context);" },
        { "URING0101", "[UringOp(IoUringOp.Nop)] public static partial Task<bool> {|URING0101:Nop|}(this Ring ring, SqeContext context);" },
        { "URING0102", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0102:Nop|}(this Ring ring);" },
        { "URING0102", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0102:Nop|}(this Ring ring, SqeContext first, SqeContext second);" },
        { "URING0102", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0102:Nop|}(this Ring ring, OpOptions options);" },
        { "URING0103", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, int {|URING0103:fd|});" },
        { "URING0103", "[UringOp(IoUringOp.OpenAt)] public static partial bool Open(this Ring ring, SqeContext context, string {|URING0103:path|});" },
        { "URING0103", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [Sqe(OpFlags)][SqeFlag(OpFlags, 1)] bool {|URING0103:dataSync|});" },
        { "URING0104", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0104:Nop|}(SqeContext context);" },
        { "URING0104", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0104:Nop|}(this Ring ring, SqeContext context, Ring other);" },
        { "URING0104", "[UringOp(IoUringOp.Close)] public static partial bool {|URING0104:Close|}(SqeContext context, [Sqe(Fd)] int fd, in OpOptions options = default);" },
        { "URING0105", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Fd)] int {|URING0105:other|});" },
        { "URING0105", "[UringOp(IoUringOp.Splice)] public static partial bool Splice(this Ring ring, SqeContext context, [Sqe(Addr)] ulong address, [Sqe(SpliceOffIn)] long {|URING0105:offsetIn|});" },
        { "URING0105", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer, [Sqe(Len)] uint {|URING0105:length|});" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1)] int {|URING0106:dataSync|});" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [{|URING0106:SqeFlag(OpFlags, \"data\")|}] bool dataSync);" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1u)] byte {|URING0106:dataSync|});" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [{|URING0106:SqeFlag(OpFlags, new[] { 1 })|}] bool dataSync);" },
        { "URING0107", "[UringOp(IoUringOp.Write)] public static partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr)] string {|URING0107:text|});" },
        { "URING0107", "[UringOp(IoUringOp.Write)] public static partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] ReadOnlySpan<object> {|URING0107:items|});" },
        { "URING0107", "[UringOp(IoUringOp.Write)] public static partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr)] Pair {|URING0107:pair|});" },
        { "URING0108", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [{|URING0108:Sqe(Fd, LengthField = Len)|}] int fd);" },
        { "URING0108", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [{|URING0108:Sqe(Addr, Bias = 1)|}] [HeldUntilCompletion] Span<byte> buffer);" },
        { "URING0108", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [{|URING0108:Sqe(Fd, Staged = true)|}] int fd);" },
        { "URING0108", "[UringOp(IoUringOp.UringCmd)] public static partial bool Command(this Ring ring, SqeContext context, [{|URING0108:Sqe(Cmd, Staged = true)|}] ReadOnlySpan<byte> command);" },
        { "URING0108", "[UringOp(IoUringOp.Bind)] public static partial bool Bind(this Ring ring, SqeContext context, [{|URING0108:Sqe(Addr, Staged = true, LengthField = Off)|}] in Pair address);" },
        { "URING0109", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0109:Nop|}<T>(this Ring ring, SqeContext context);" },
        { "URING0109", "[UringOp(IoUringOp.Close)] public static partial bool {|URING0109:Close|}<T>(this Ring ring, SqeContext context, [Sqe(Fd)] int fd) where T : struct;" },
        { "URING0109", "[UringOp(IoUringOp.Nop)] public static partial bool {|URING0109:Nop|}<TRing, TValue>(this Ring ring, SqeContext context);" },
        { "URING0110", "[UringOp(IoUringOp.UringCmd)] public static partial bool Command(this Ring ring, SqeContext context, [{|URING0110:Sqe(Cmd)|}] ulong value);" },
        { "URING0110", "[UringOp(IoUringOp.Nop)] public static partial bool Nop(this Ring ring, SqeContext context, [{|URING0110:Sqe(SqeField.None)|}] int value);" },
        { "URING0110", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [{|URING0110:Sqe(Addr, LengthField = Cmd)|}] [HeldUntilCompletion] Span<byte> buffer);" },
        { "URING0103", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] out int {|URING0103:fd|});" },
        { "URING0105", "[UringOp(IoUringOp.UringCmd)] public static partial bool Command(this Ring ring, SqeContext context, [Sqe(Cmd)] ReadOnlySpan<byte> first, [Sqe(Cmd)] ReadOnlySpan<byte> {|URING0105:second|});" },
        { "URING0107", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, [Sqe(Fd)] FileTarget {|URING0107:target|});" },
        { "URING0107", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, TextSpec {|URING0107:spec|});" },
        { "URING0108", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [{|URING0108:Sqe(Fd, Refuses = [FileTargetKind.Slot])|}] int fd);" },
        { "URING0108", "[UringOp(IoUringOp.OpenAt)] public static partial bool Open(this Ring ring, SqeContext context, [{|URING0108:Sqe(OpFlags, CarriesCloseOnExec = true)|}] OpenFlags flags);" },
        { "URING0108", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [{|URING0108:Sqe(Addr, CarriesCloseOnExec = true)|}] [HeldUntilCompletion] Span<byte> buffer, [Sqe(FileIndex)] FileTarget target);" },
        { "URING0108", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, [{|URING0108:Sqe(FileIndex, Staged = true)|}] FileTarget target);" },
        { "URING0108", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, Spec {|URING0108:spec|});" },
        { "URING0108", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, BiasedSpec {|URING0108:spec|});" },
        { "URING0105", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, Spec {|URING0105:spec|}, [Sqe(FileIndex)] FileTarget target);" },
        { "URING0105", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, [Sqe(FileIndex)] FileTarget first, [Sqe(FileIndex)] FileTarget {|URING0105:second|});" },
        { "URING0110", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, CmdSpec {|URING0110:spec|});" },
        // A file-local type must be top level: these close Ops and open one (Source adds the final brace).
        { "URING0111", "}\nfile static partial class Local\n{\n[UringOp(IoUringOp.Nop)] public static partial bool {|URING0111:Nop|}(Ring ring, SqeContext context);" },
        { "URING0111", "}\nfile static partial class Local\n{\npublic static partial class Inner { [UringOp(IoUringOp.Nop)] public static partial bool {|URING0111:Nop|}(Ring ring, SqeContext context); }" },
        { "URING0112", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] Span<byte> {|URING0112:buffer|});" },
        { "URING0112", "[UringOp(IoUringOp.Accept)] public static partial bool Accept(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr)] nint {|URING0112:peer|});" },
        { "URING0112", "[UringOp(IoUringOp.Write)] public static unsafe partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr)] byte* {|URING0112:data|}, [Sqe(Len)] uint length);" },
        { "URING0112", "[UringOp(IoUringOp.Readv)] public static partial bool Readv(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len, Staged = true)] [HeldUntilCompletion] ReadOnlySpan<IoVector> {|URING0112:vectors|});" },
        { "URING0112", "[UringOp(IoUringOp.OpenAt)] public static partial bool Open(this Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] ReadOnlySpan<char> {|URING0112:path|});" },
        { "URING0112", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] [HeldUntilCompletion] int {|URING0112:fd|});" },
    };

    public static TheoryData<string, string> WellFormed { get; } = new()
    {
        { "URING0100", "[UringOp(IoUringOp.Nop)] public static partial bool Nop(this Ring ring, SqeContext context);" },
        { "URING0100", "[UringOp(IoUringOp.Nop)] internal static partial bool NopOn(Ring ring, SqeContext context, in OpOptions options = default);" },
        { "URING0100", "[UringOp(IoUringOp.Close)] public static partial bool Close(SqeContext context, Ring ring, [Sqe(Fd)] int fd);" },
        { "URING0101", "[UringOp(IoUringOp.Nop, Fd = -1)] public static partial bool Nop(this Ring ring, SqeContext context);" },
        { "URING0101", "[UringOp(IoUringOp.Nop)] public static partial Boolean NopBoolean(this Ring ring, SqeContext context);" },
        { "URING0101", "[UringOp(IoUringOp.Nop)] private static partial bool NopPrivate(this Ring ring, SqeContext context);" },
        { "URING0102", "[UringOp(IoUringOp.Nop)] public static partial bool Nop(this Ring ring, SqeContext context, in OpOptions options = default);" },
        { "URING0102", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, [Sqe(Fd)] int fd, SqeContext context);" },
        { "URING0102", "[UringOp(IoUringOp.Close)] public static partial bool Close2(this Ring ring, [Sqe(Fd)] int fd, in OpOptions options, SqeContext context);" },
        { "URING0103", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, in OpOptions options = default);" },
        { "URING0103", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [SqeFlag(OpFlags, FsyncFlags.DataSync)] bool dataSync = false);" },
        { "URING0103", "[UringOp(IoUringOp.OpenAt)] public static partial bool Open(this Ring ring, SqeContext context, [Sqe(Addr)] ReadOnlySpan<char> path, [Sqe(OpFlags)] OpenFlags flags);" },
        { "URING0104", "[UringOp(IoUringOp.Nop)] public static partial bool Nop(this Ring ring, SqeContext context);" },
        { "URING0104", "[UringOp(IoUringOp.Nop)] public static partial bool NopLast(SqeContext context, Ring ring);" },
        { "URING0104", "[UringOp(IoUringOp.Nop)] public static partial bool NopMiddle(SqeContext context, Ring ring, in OpOptions options);" },
        { "URING0105", "[UringOp(IoUringOp.Fsync, OpFlags = 4)] public static partial bool Sync(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(OpFlags)] uint flags);" },
        { "URING0105", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync2(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1)] bool a, [SqeFlag(OpFlags, 2)] bool b);" },
        { "URING0105", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync3(this Ring ring, SqeContext context, [Sqe(OpFlags)] uint flags, [SqeFlag(OpFlags, 2)] bool more);" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1)] bool dataSync);" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync2(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1u)] bool dataSync);" },
        { "URING0106", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync3(this Ring ring, SqeContext context, [SqeFlag(Flags, SqeFlags.IoLink)] bool linked);" },
        { "URING0107", "[UringOp(IoUringOp.Write)] public static unsafe partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr)] [HeldUntilCompletion] byte* data, [Sqe(Len)] uint length);" },
        { "URING0107", "[UringOp(IoUringOp.Timeout)] public static partial bool Sleep(this Ring ring, SqeContext context, [Sqe(Addr)] TimeSpan duration, [Sqe(Off)] Color color);" },
        { "URING0107", "[UringOp(IoUringOp.Write)] public static partial bool Write(this Ring ring, SqeContext context, [Sqe(Addr, Staged = true)] Pair pair, [Sqe(Off)] [HeldUntilCompletion] nint offset);" },
        { "URING0108", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len, NotEmpty = true)] [HeldUntilCompletion] Span<byte> buffer);" },
        { "URING0108", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(FileIndex, Bias = 1)] int slot);" },
        { "URING0108", "[UringOp(IoUringOp.Readv)] public static partial bool Readv(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len, Staged = true)] ReadOnlySpan<IoVector> vectors);" },
        { "URING0108", "[UringOp(IoUringOp.Bind)] public static partial bool Bind(this Ring ring, SqeContext context, [Sqe(Addr, Staged = true, LengthField = Off)] in Sized address);" },
        { "URING0107", "[UringOp(IoUringOp.SendMsg)] public static partial bool Send(this Ring ring, SqeContext context, [Sqe(Addr, Staged = true)] Header message);" },
        { "URING0109", "[UringOp(IoUringOp.Nop)] public static partial bool Nop(this Ring ring, SqeContext context);" },
        { "URING0109", "[UringOp(IoUringOp.Nop)] public static partial bool NopTwo(this Ring ring, SqeContext context);" },
        { "URING0109", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] int fd);" },
        { "URING0110", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer);" },
        { "URING0110", "[UringOp(IoUringOp.Close)] public static partial bool Close(this Ring ring, SqeContext context, [Sqe(Fd)] int fd);" },
        { "URING0110", "[UringOp(IoUringOp.Fsync)] public static partial bool Sync(this Ring ring, SqeContext context, [SqeFlag(OpFlags, 1)] bool dataSync);" },
        { "URING0110", "[UringOp(IoUringOp.UringCmd)] public static partial bool Command(this Ring ring, SqeContext context, [Sqe(CmdOp)] uint op, [Sqe(Cmd)] ReadOnlySpan<byte> command);" },
        { "URING0107", "[UringOp(IoUringOp.Socket)] public static partial bool Socket(this Ring ring, SqeContext context, Spec spec, [Sqe(FileIndex, Refuses = [FileTargetKind.Descriptor])] FileTarget target);" },
        { "URING0108", "[UringOp(IoUringOp.OpenAt2, Len = 24)] public static partial bool Open(this Ring ring, SqeContext context, [Sqe(Addr2, Staged = true, CarriesCloseOnExec = true)] in OpenHow how, [Sqe(FileIndex)] FileTarget target = default);" },
        { "URING0111", "[UringOp(IoUringOp.Nop)] internal static partial bool NopInternal(this Ring ring, SqeContext context);" },
        { "URING0111", "}\ninternal static partial class Outer\n{\nprivate static partial class Inner { [UringOp(IoUringOp.Nop)] public static partial bool Nop(Ring ring, SqeContext context); }" },
        { "URING0112", "[UringOp(IoUringOp.Read)] public static partial bool Read(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len)] [HeldUntilCompletion] Span<byte> buffer);" },
        { "URING0112", "[UringOp(IoUringOp.Accept)] public static partial bool Accept(this Ring ring, SqeContext context, [Sqe(Fd)] int fd, [Sqe(Addr)] [HeldUntilCompletion] nint peer);" },
        { "URING0112", "[UringOp(IoUringOp.Readv)] public static partial bool Readv(this Ring ring, SqeContext context, [Sqe(Addr, LengthField = Len, Staged = true)] ReadOnlySpan<IoVector> vectors);" },
        { "URING0112", "[UringOp(IoUringOp.UringCmd)] public static partial bool Command(this Ring ring, SqeContext context, [Sqe(CmdOp)] uint op, [Sqe(Cmd)] ReadOnlySpan<byte> command);" },
    };

    /// <summary>The declaration wrapped in its class, with the prelude, markup included.</summary>
    public static string Source(string declaration) => Prelude + "public static partial class Ops\n{\n" + declaration + "\n}\n";

    /// <summary>The same without markup, for compilations outside the test harness.</summary>
    public static string Plain(string declaration) => Regex.Replace(Source(declaration), @"\{\|URING\d{4}:|\|\}", string.Empty);
}
