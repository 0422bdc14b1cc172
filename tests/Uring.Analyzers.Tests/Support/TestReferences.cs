using System.IO;
using Microsoft.CodeAnalysis.Testing;

namespace Uring.Analyzers.Tests.Support;

/// <summary>
/// The net10.0 reference pack for test compilations. <c>ReferenceAssemblies.Net.*</c> names packs this
/// registry does not serve, so the pack is named explicitly; one shared instance is resolved once.
/// </summary>
internal static class TestReferences
{
    public static ReferenceAssemblies Net10 { get; } = new ReferenceAssemblies(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
        Path.Combine("ref", "net10.0"));
}
