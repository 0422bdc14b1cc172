using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Uring.Generators.Helpers;

namespace Uring.Generators.Model;

/// <summary>
/// Turns the symbols of <c>[UringContext]</c> structs and <c>[UringHandler]</c> methods into equatable
/// models, or null when <see cref="ContextInspector"/> finds a problem (the analyzers report it; the
/// generator writes nothing and reports nothing).
/// </summary>
internal static class ContextModelBuilder
{
    public static ContextModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length != 1)
        {
            return null;
        }

        ContextInspection inspection = ContextInspector.Inspect(type, cancellationToken);
        if (inspection.Problems.Count > 0)
        {
            return null;
        }

        List<ContextField> fields = inspection.Fields.Select(ToModel).ToList();
        bool layoutVisible = inspection.Fields
            .Where(f => f.Kind != ContextFieldKind.Managed)
            .All(f => IsAssemblyVisible(f.Field.Type));

        return new ContextModel(
            HintName: SafeName(type) + ".Context.g.cs",
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: OpModelBuilder.ContainingTypesOf(type).ToEquatableArray(),
            QualifiedName: QualifiedName(type),
            EnclosingTypes: EnclosingTypes(type).ToEquatableArray(),
            Fields: fields.ToEquatableArray(),
            LayoutSize: inspection.LayoutSize,
            LayoutAccessibility: layoutVisible ? "internal" : "private",
            UsesPointers: inspection.Fields.Any(f => UsesPointers(f.Field.Type)),
            Sequential: ContextInspector.IsInGenericType(type));
    }

    public static HandlerModel? BuildHandler(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.Attributes.Length != 1
            || ContextInspector.HandlerProblem(method) is not null)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        List<string> contexts = new();
        foreach (TypedConstant argument in context.Attributes[0].ConstructorArguments)
        {
            IEnumerable<TypedConstant> values = argument.Kind == TypedConstantKind.Array ? argument.Values : new[] { argument };
            foreach (TypedConstant value in values)
            {
                if (value.Value is INamedTypeSymbol contextType)
                {
                    contexts.Add(QualifiedName(contextType));
                }
            }
        }

        INamedTypeSymbol declaringType = method.ContainingType;
        bool visible = IsVisible(method.DeclaredAccessibility);
        for (INamedTypeSymbol? current = declaringType; current is not null; current = current.ContainingType)
        {
            visible &= IsVisible(current.DeclaredAccessibility) && !current.IsFileLocal;
        }

        return new HandlerModel(
            Expression: QualifiedName(declaringType) + "." + Escape(method.Name),
            Name: method.Name,
            TypeName: declaringType.Name,
            DeclaringType: QualifiedName(declaringType),
            AssemblyVisible: visible,
            Contexts: contexts.OrderBy(name => name, System.StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>The handlers a context's dispatcher may call directly: those that apply to it and that it can access.</summary>
    public static DispatchModel Plan(DispatchSite site, EquatableArray<HandlerModel> handlers, bool allowUnsafe)
    {
        List<HandlerModel> eligible = handlers
            .Where(h => h.Contexts.Length == 0 || h.Contexts.Contains(site.QualifiedName))
            .Where(h => h.AssemblyVisible || site.EnclosingTypes.Contains(h.DeclaringType))
            .GroupBy(h => h.Expression)
            .Select(group => group.First())
            .OrderBy(h => h.Expression, System.StringComparer.Ordinal)
            .ToList();

        HashSet<string> shared = new(eligible.GroupBy(h => h.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        HashSet<string> taken = new();
        List<DispatchTarget> targets = new();
        foreach (HandlerModel handler in eligible)
        {
            string name = shared.Contains(handler.Name) || handler.Name == "Handlers" ? handler.TypeName + "_" + handler.Name : handler.Name;
            string unique = name;
            for (int suffix = 2; !taken.Add(unique); suffix++)
            {
                unique = name + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            targets.Add(new DispatchTarget(handler.Expression, Escape(unique)));
        }

        return new DispatchModel(site, targets.ToEquatableArray(), allowUnsafe);
    }

    public static DispatchSite SiteOf(ContextModel model)
        => new(model.HintName.Replace(".Context.g.cs", ".Dispatch.g.cs"), model.Namespace, model.ContainingTypes, model.QualifiedName, model.EnclosingTypes);

    private static ContextField ToModel(InspectedField field)
    {
        ITypeSymbol type = field.Field.Type;
        bool nullable = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        return new ContextField(
            Name: Escape(field.Field.Name),
            TypeDisplay: type.ToDisplayString(OpModelBuilder.s_typeFormat),
            Kind: field.Kind,
            Offset: field.Offset,
            Size: field.Size,
            ManagedIndex: field.ManagedIndex,
            Accessibility: field.Field.DeclaredAccessibility switch
            {
                Accessibility.Public => "public",
                Accessibility.Internal or Accessibility.ProtectedOrInternal => "internal",
                _ => string.Empty,
            },
            IsReadOnly: field.Field.IsReadOnly,
            CheckSize: !field.ExactSize,
            IsNullable: nullable);
    }

    private static string QualifiedName(INamedTypeSymbol type)
        => type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static IEnumerable<string> EnclosingTypes(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            yield return QualifiedName(current);
        }
    }

    private static bool IsVisible(Accessibility accessibility)
        => accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>True when code anywhere in the assembly can name <paramref name="type"/>.</summary>
    private static bool IsAssemblyVisible(ITypeSymbol type)
    {
        switch (type)
        {
            case IPointerTypeSymbol pointer:
                return IsAssemblyVisible(pointer.PointedAtType);
            case IFunctionPointerTypeSymbol:
                return true;
            case INamedTypeSymbol named:
                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    if (!IsVisible(current.DeclaredAccessibility) || current.IsFileLocal)
                    {
                        return false;
                    }
                }

                return named.TypeArguments.All(IsAssemblyVisible);
            default:
                return true;
        }
    }

    private static bool UsesPointers(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => UsesPointers(array.ElementType),
        _ => false,
    };

    private static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    private static string SafeName(INamedTypeSymbol type)
    {
        string display = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        StringBuilder safe = new();
        foreach (char c in display)
        {
            safe.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        }

        return safe.ToString();
    }
}
