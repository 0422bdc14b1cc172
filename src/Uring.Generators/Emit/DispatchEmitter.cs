using Uring.Generators.Helpers;
using Uring.Generators.Model;

namespace Uring.Generators.Emit;

/// <summary>
/// Writes <c>Dispatch</c> for a context with a handler slot: read the function pointer at offset 0, compare
/// it with each handler the generator knows and call the match directly (no delegate, no virtual call, and
/// the JIT may inline it), else call through the pointer. Also a <c>Handlers</c> class that hands out those
/// handlers as <c>CompletionHandler</c> values, so callers need no unsafe code to set the slot.
/// </summary>
internal static class DispatchEmitter
{
    private const string Signature = "delegate*<global::Uring.Ring, in global::Uring.CqeView, void>";

    public static string Emit(DispatchModel model)
    {
        DispatchSite site = model.Site;
        IndentedWriter writer = new();
        TypeFrame.Open(writer, "[UringContext] declaration of " + site.ContainingTypes[site.ContainingTypes.Length - 1].NameWithTypeParameters + " and the [UringHandler] methods of the compilation", site.Namespace, site.ContainingTypes, model.AllowUnsafe ? "unsafe " : string.Empty);

        writer.Line("/// <summary>");
        writer.Line("/// Runs the handler stored in the context of <paramref name=\"cqe\"/>. False (nothing ran) when the completion");
        writer.Line("/// is not Extended or its handler slot is empty. Only for completions whose context is of this type, or");
        writer.Line("/// of another context type with a handler slot (the slot is always at offset 0).");
        writer.Line("/// </summary>");
        writer.Line(ContextEmitter.GeneratedCode);
        writer.Open("public static bool Dispatch(global::Uring.Ring ring, in global::Uring.CqeView cqe)");
        if (!model.AllowUnsafe || model.Targets.Length == 0)
        {
            // Comparing with known handlers needs function pointers, which need an unsafe context.
            writer.Line("return global::Uring.CompletionHandler.TryInvoke(ring, in cqe);");
            writer.Close();
            TypeFrame.Close(writer, site.Namespace, site.ContainingTypes);
            return writer.ToString();
        }

        writer.Line("global::Uring.ExtendedSqe ext = cqe.ExtendedSqe;");
        writer.Open("if (!ext.IsValid)");
        writer.Line("return false;");
        writer.Close();
        writer.Line();
        writer.Line("global::Uring.CompletionHandler handler = ext.As<global::Uring.CompletionHandler>();");
        writer.Open("if (handler.IsNull)");
        writer.Line("return false;");
        writer.Close();
        writer.Line();
        writer.Line(Signature + " function = handler.Pointer;");
        writer.Line("#pragma warning disable CS8909 // Two pointers to one method could differ; a miss only costs the indirect call below.");
        foreach (DispatchTarget target in model.Targets)
        {
            writer.Open("if (function == (" + Signature + ")&" + target.Expression + ")");
            writer.Line(target.Expression + "(ring, in cqe);");
            writer.Line("return true;");
            writer.Close();
            writer.Line();
        }

        writer.Line("#pragma warning restore CS8909");
        writer.Line("handler.Invoke(ring, in cqe);");
        writer.Line("return true;");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>The handlers <see cref=\"Dispatch\"/> calls directly, ready to store in the handler slot.</summary>");
        writer.Line(ContextEmitter.GeneratedCode);
        writer.Open("public static class Handlers");
        for (int i = 0; i < model.Targets.Length; i++)
        {
            DispatchTarget target = model.Targets[i];
            if (i > 0)
            {
                writer.Line();
            }

            writer.Line("/// <summary><c>" + target.Expression.Replace("global::", string.Empty) + "</c>.</summary>");
            writer.Line("public static global::Uring.CompletionHandler " + target.AccessorName + " => global::Uring.CompletionHandler.Create(&" + target.Expression + ");");
        }

        writer.Close();
        TypeFrame.Close(writer, site.Namespace, site.ContainingTypes);
        return writer.ToString();
    }
}
