using System.Reflection;

namespace Uring.Hardening.Child.Support;

/// <summary>
/// Reads <c>IsForeign</c> of a completion view. Through reflection so the child builds against a runtime that
/// does not have the property yet; there the case fails with a message that says so.
/// </summary>
internal static class Foreign
{
    private static readonly PropertyInfo? s_view = typeof(CqeView).GetProperty("IsForeign");
    private static readonly PropertyInfo? s_ext = typeof(ExtCqe).GetProperty("IsForeign");

    public static bool Of(CqeView view) => Read(s_view, view, nameof(CqeView));

    public static bool Of(ExtCqe view) => Read(s_ext, view, nameof(ExtCqe));

    private static bool Read(PropertyInfo? property, object view, string type)
    {
        Check.That(property is not null, $"{type}.IsForeign does not exist: foreign completions cannot be told apart");
        return (bool)property.GetValue(view)!;
    }
}
