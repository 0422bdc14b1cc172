using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Uring.Generators.Helpers;
using Uring.Generators.Model;

namespace Uring.Generators.Emit;

/// <summary>
/// Writes the generated part of a <c>[UringContext]</c> struct: its <c>Layout</c>, the in-place
/// <c>Ref</c> accessors, value copies, and rent/release helpers, which implement
/// <c>Uring.IUringContext&lt;T&gt;</c> (so the ops' generic overloads take the struct). Unmanaged fields are read and written
/// in the <c>ExtendedSqe</c>'s user data; reference fields in the pool's GC-visible table, which only contexts
/// that have reference fields ever look up. Nothing allocates.
/// </summary>
internal static class ContextEmitter
{
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + ContextInspector.GeneratorName + "\", \"1.0.0\")]";
    private const string ExtendedSqe = "global::Uring.ExtendedSqe";
    private const string Ring = "global::Uring.Ring";
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    public static string Emit(ContextModel model)
    {
        IndentedWriter writer = new();
        TypeFrame.Open(
            writer,
            "[UringContext] declaration of " + model.SelfType,
            model.Namespace,
            model.ContainingTypes,
            model.UsesPointers ? "unsafe " : string.Empty,
            " : global::Uring.IUringContext<" + model.SelfType + ">");

        ContextField[] unmanaged = model.Fields.Where(f => f.Kind != ContextFieldKind.Managed).OrderBy(f => f.Offset).ToArray();
        ContextField[] managed = model.Fields.Where(f => f.Kind == ContextFieldKind.Managed).ToArray();
        ContextField[] sized = unmanaged.Where(f => f.CheckSize).ToArray();

        EmitLayout(writer, model, unmanaged);
        EmitRef(writer, model, unmanaged, managed);
        EmitAccess(writer, model, sized.Length > 0, managed.Length > 0);
        EmitCopies(writer, model, unmanaged, managed, sized.Length > 0);
        EmitRental(writer, model);
        if (sized.Length > 0)
        {
            EmitLayoutCheck(writer, sized);
        }

        TypeFrame.Close(writer, model.Namespace, model.ContainingTypes);
        return writer.ToString();
    }

    private static void EmitLayout(IndentedWriter writer, ContextModel model, ContextField[] unmanaged)
    {
        string size = Number(model.LayoutSize);
        writer.Line("/// <summary>The unmanaged fields of <see cref=\"" + Cref(model.SelfType) + "\"/> as they lie in the 64 bytes of <see cref=\"" + ExtendedSqe + ".UserData\"/>.</summary>");
        writer.Line(GeneratedCode);
        if (model.LayoutSize == 0)
        {
            writer.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Sequential)]");
        }
        else if (model.Sequential)
        {
            // A type nested in a generic type is generic, and the runtime refuses explicit layouts for those.
            // The fields are primitives in offset order, so sequential layout puts them at the same offsets.
            writer.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Sequential, Size = " + size + ")]");
        }
        else
        {
            writer.Line("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Explicit, Size = " + size + ")]");
        }

        writer.Open(model.LayoutAccessibility + " struct Layout");
        foreach (ContextField field in unmanaged)
        {
            writer.Line(model.Sequential
                ? "public " + field.TypeDisplay + " " + field.Name + "; // offset " + Number(field.Offset)
                : "[global::System.Runtime.InteropServices.FieldOffset(" + Number(field.Offset) + ")] public " + field.TypeDisplay + " " + field.Name + ";");
        }

        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Bytes of user data the unmanaged fields take (at most " + Number(ContextInspector.UserDataSize) + ").</summary>");
        writer.Line(GeneratedCode);
        writer.Line("public const int LayoutSize = " + size + ";");
        writer.Line();
        writer.Line("/// <summary>Reference fields, kept in the pool's GC-visible table (at most " + Number(ContextInspector.MaxManagedFields) + ").</summary>");
        writer.Line(GeneratedCode);
        writer.Line("public const int ManagedFieldCount = " + Number(model.Fields.Count(f => f.Kind == ContextFieldKind.Managed)) + ";");
        writer.Line();
    }

    private static void EmitRef(IndentedWriter writer, ContextModel model, ContextField[] unmanaged, ContextField[] managed)
    {
        ContextField[] exposedUnmanaged = unmanaged.Where(f => f.Accessibility.Length > 0).ToArray();
        ContextField[] exposedManaged = managed.Where(f => f.Accessibility.Length > 0).ToArray();

        writer.Line("/// <summary>The fields of a borrowed context, read and written in place. Valid until the context is returned.</summary>");
        writer.Line(GeneratedCode);
        writer.Open("public readonly ref struct Ref");
        if (exposedUnmanaged.Length > 0)
        {
            writer.Line("private readonly ref Layout __data;");
        }

        if (exposedManaged.Length > 0)
        {
            writer.Line("private readonly global::System.Span<object?> __managed;");
        }

        if (exposedUnmanaged.Length > 0 || exposedManaged.Length > 0)
        {
            writer.Line();
        }

        writer.Open("internal Ref(" + ExtendedSqe + " ext)");
        writer.Line(exposedUnmanaged.Length > 0 ? "__data = ref ext.As<Layout>();" : "ext.As<Layout>();");
        if (exposedManaged.Length > 0)
        {
            writer.Line("__managed = global::Uring.ContextPools.ManagedFieldsOf(ext);");
        }

        writer.Close();
        foreach (ContextField field in model.Fields.Where(f => f.Accessibility.Length > 0))
        {
            writer.Line();
            writer.Line(field.Accessibility + " " + field.TypeDisplay + " " + field.Name);
            writer.Line("{");
            if (field.Kind == ContextFieldKind.Managed)
            {
                writer.Line("    get => " + ReadManaged(field, "__managed") + ";");
                writer.Line("    set => __managed[" + Number(field.ManagedIndex) + "] = value;");
            }
            else
            {
                writer.Line("    get => __data." + field.Name + ";");
                writer.Line("    set => __data." + field.Name + " = value;");
            }

            writer.Line("}");
        }

        writer.Close();
        writer.Line();
    }

    private static void EmitAccess(IndentedWriter writer, ContextModel model, bool check, bool hasManaged)
    {
        writer.Line("/// <summary>The fields of the context in <paramref name=\"ext\"/>, in place.</summary>");
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\"><paramref name=\"ext\"/> is not a valid handle" + (hasManaged ? ", or is not borrowed" : string.Empty) + ".</exception>");
        writer.Line(GeneratedCode);
        writer.Open("public static Ref In(" + ExtendedSqe + " ext)");
        if (check)
        {
            writer.Line("__CheckLayout();");
        }

        writer.Line("return new Ref(ext);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>The fields of the context a completion carries, in place.</summary>");
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">The completion was not submitted with an Extended context.</exception>");
        writer.Line(GeneratedCode);
        writer.Line("public static Ref From(in global::Uring.CqeView cqe) => In(cqe.ExtendedSqe);");
        writer.Line();
        writer.Line("/// <summary>The fields of the context a completion carries, in place.</summary>");
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">The completion was not submitted with an Extended context.</exception>");
        writer.Line(GeneratedCode);
        writer.Line("public static Ref From(in global::Uring.ExtendedCqe cqe) => In(cqe.Ext);");
        writer.Line();
    }

    private static void EmitCopies(IndentedWriter writer, ContextModel model, ContextField[] unmanaged, ContextField[] managed, bool check)
    {
        writer.Line("/// <summary>Writes every field of <paramref name=\"value\"/> into the context in <paramref name=\"ext\"/>.</summary>");
        writer.Line(GeneratedCode);
        writer.Open("public static void Store(" + ExtendedSqe + " ext, in " + model.SelfType + " value)");
        if (check)
        {
            writer.Line("__CheckLayout();");
        }

        writer.Line(unmanaged.Length > 0 ? "ref Layout __data = ref ext.As<Layout>();" : "ext.As<Layout>();");
        foreach (ContextField field in unmanaged)
        {
            writer.Line("__data." + field.Name + " = value." + field.Name + ";");
        }

        if (managed.Length > 0)
        {
            writer.Line("global::System.Span<object?> __managed = global::Uring.ContextPools.ManagedFieldsOf(ext);");
            foreach (ContextField field in managed)
            {
                writer.Line("__managed[" + Number(field.ManagedIndex) + "] = value." + field.Name + ";");
            }
        }

        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Reads every field of the context in <paramref name=\"ext\"/> into a new value.</summary>");
        writer.Line(GeneratedCode);
        writer.Open("public static " + model.SelfType + " Load(" + ExtendedSqe + " ext)");
        if (check)
        {
            writer.Line("__CheckLayout();");
        }

        writer.Line(unmanaged.Length > 0 ? "ref Layout __data = ref ext.As<Layout>();" : "ext.As<Layout>();");
        if (managed.Length > 0)
        {
            writer.Line("global::System.Span<object?> __managed = global::Uring.ContextPools.ManagedFieldsOf(ext);");
        }

        writer.Line(model.SelfType + " __value = default;");
        foreach (ContextField field in model.Fields)
        {
            string read = field.Kind == ContextFieldKind.Managed ? ReadManaged(field, "__managed") : "__data." + field.Name;
            writer.Line(field.IsReadOnly
                ? Unsafe + ".AsRef(in __value." + field.Name + ") = " + read + ";"
                : "__value." + field.Name + " = " + read + ";");
        }

        writer.Line("return __value;");
        writer.Close();
        writer.Line();
    }

    private static void EmitRental(IndentedWriter writer, ContextModel model)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Borrows an Extended context from <paramref name=\"ring\"/>'s pool and stores <paramref name=\"value\"/> in it;");
        writer.Line("/// false when every context is in flight (backpressure). Prepare an op with <c>ext.Context</c>; if that");
        writer.Line("/// fails, or after the last completion was handled, give the context back with <see cref=\"Release\"/>.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCode);
        writer.Line("[global::Uring.RentsPooledContext]");
        writer.Open("public static bool TryRent(" + Ring + " ring, in " + model.SelfType + " value, out " + ExtendedSqe + " ext)");
        writer.Line("// Rent and store in one scoped call, so a Stop on another thread cannot free the context in between.");
        writer.Line("return ring.TryRentExtendedSqe(in value, static (" + ExtendedSqe + " rented, scoped in " + model.SelfType + " state) => Store(rented, in state), out ext);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Returns a context to <paramref name=\"ring\"/>'s pool: its bytes are zeroed and its reference fields cleared.</summary>");
        writer.Line(GeneratedCode);
        writer.Line("[global::Uring.ReturnsPooledContext]");
        writer.Line("public static void Release(" + Ring + " ring, " + ExtendedSqe + " ext) => ring.ReturnExtendedSqe(ext);");
    }

    /// <summary>
    /// Sizes computed from a struct's fields are checked against the runtime's. <c>Unsafe.SizeOf</c> is a
    /// JIT-time constant, so the jitted check is empty unless the layout really differs.
    /// </summary>
    private static void EmitLayoutCheck(IndentedWriter writer, ContextField[] sized)
    {
        writer.Line();
        writer.Line(GeneratedCode);
        writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        writer.Open("private static void __CheckLayout()");
        bool first = true;
        foreach (IGrouping<string, ContextField> type in sized.GroupBy(f => f.TypeDisplay))
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            string size = Number(type.First().Size);
            writer.Open("if (" + Unsafe + ".SizeOf<" + type.Key + ">() != " + size + ")");
            writer.Line("global::Uring.ContextPools.ThrowLayoutMismatch(typeof(" + type.Key + "), " + size + ", " + Unsafe + ".SizeOf<" + type.Key + ">());");
            writer.Close();
        }

        writer.Close();
    }

    private static string ReadManaged(ContextField field, string table)
        => "(" + field.TypeDisplay + ")" + table + "[" + Number(field.ManagedIndex) + "]" + (field.IsNullable ? string.Empty : "!");

    private static string Cref(string type) => type.Replace('<', '{').Replace('>', '}');

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The header, namespace and reopened containing types every generated context file shares.</summary>
internal static class TypeFrame
{
    /// <summary>
    /// Writes the header and opens the namespace and every containing type; the innermost declaration gets
    /// <paramref name="innermostModifiers"/> before it and <paramref name="innermostBaseList"/> after its name.
    /// </summary>
    public static void Open(IndentedWriter writer, string source, string ns, EquatableArray<ContainingType> types, string innermostModifiers, string innermostBaseList = "")
    {
        writer.Line("// <auto-generated/>");
        writer.Line("// Generated by Uring.Generators from the " + source + ".");
        writer.Line("#nullable enable");
        writer.Line("#pragma warning disable CS1591");
        writer.Line();
        if (ns.Length > 0)
        {
            writer.Open("namespace " + ns);
        }

        for (int i = 0; i < types.Length; i++)
        {
            bool innermost = i == types.Length - 1;
            string modifiers = innermost ? innermostModifiers : string.Empty;
            string baseList = innermost ? innermostBaseList : string.Empty;
            writer.Open(modifiers + "partial " + types[i].Keyword + " " + types[i].NameWithTypeParameters + baseList);
        }
    }

    public static void Close(IndentedWriter writer, string ns, EquatableArray<ContainingType> types)
    {
        for (int i = 0; i < types.Length; i++)
        {
            writer.Close();
        }

        if (ns.Length > 0)
        {
            writer.Close();
        }
    }
}
