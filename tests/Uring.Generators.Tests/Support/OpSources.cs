namespace Uring.Generators.Tests.Support;

/// <summary>The usual frame for test declarations, so a case shows only the members it is about.</summary>
internal static class OpSources
{
    /// <summary>
    /// <paramref name="members"/> inside <c>public partial class App.Ops</c>, with <c>System</c>,
    /// <c>Uring</c> and <c>Uring.SqeField</c>'s members in scope.
    /// </summary>
    public static string InOpsClass(string members) => $$"""
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App;

        public partial class Ops
        {
        {{members}}
        }
        """;
}
