using System.Text.Json;

namespace Uring.Package.Tests.Support;

/// <summary>One diagnostic of a <c>textDocument/publishDiagnostics</c> notification.</summary>
/// <param name="Code">The rule id (URING0001, CS8795, ...); empty when the server sent none.</param>
/// <param name="Line">The zero-based line the range starts on (LSP counts lines from 0).</param>
/// <param name="Character">The zero-based character the range starts at.</param>
/// <param name="Severity">1 error, 2 warning, 3 information, 4 hint.</param>
/// <param name="Message">The message.</param>
/// <param name="Json">The diagnostic as the server sent it: a code-action request hands it back in its context.</param>
internal sealed record LspDiagnostic(string Code, int Line, int Character, int Severity, string Message, JsonElement Json)
{
    /// <summary>LSP's severity for an error.</summary>
    public const int Error = 1;

    /// <summary>The diagnostic's range, as the server sent it.</summary>
    public JsonElement Range => Json.GetProperty("range");

    /// <summary>Reads one element of a publishDiagnostics <c>diagnostics</c> array.</summary>
    public static LspDiagnostic Parse(JsonElement diagnostic)
    {
        JsonElement start = diagnostic.GetProperty("range").GetProperty("start");
        string code = diagnostic.TryGetProperty("code", out JsonElement c)
            ? c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()
            : "";
        int severity = diagnostic.TryGetProperty("severity", out JsonElement s) ? s.GetInt32() : 0;
        string message = diagnostic.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "";
        return new LspDiagnostic(code, start.GetProperty("line").GetInt32(), start.GetProperty("character").GetInt32(), severity, message, diagnostic.Clone());
    }

    /// <summary>For messages: <c>URING0001 at 28:64 (severity 1): ...</c>, with the line counted from 1 as editors show it.</summary>
    public override string ToString() => $"{Code} at {Line + 1}:{Character + 1} (severity {Severity}): {Message}";
}
