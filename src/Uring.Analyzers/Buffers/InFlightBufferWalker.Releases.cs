using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Uring.Analyzers.Flow;
using Uring.Analyzers.Infrastructure;
using Uring.Generators.Model;

namespace Uring.Analyzers.Buffers;

/// <summary>Releases: an owner disposed, a buffer returned to its pool or unpinned, while an op may still use its memory.</summary>
internal sealed partial class InFlightBufferWalker
{
    private FlowState Release(IInvocationOperation invocation, FlowState state)
    {
        if (ReleaseOf(invocation, state) is not ({ } owner, { } how))
        {
            return state;
        }

        if (Reporting && IsInFlight(state.Get(owner)))
        {
            // A MemoryHandle is an owner like IMemoryOwner, GCHandle or the application's own: its using scope ending
            // is a release (URING0002), as is any other owner's.
            Report(_rule.OwnerReleased(invocation, owner, invocation.IsImplicit ? how + " at the end of its using scope" : how));
        }

        return state.Set(owner, Idle);
    }

    /// <summary>A lambda registered on a cancellation token (<c>token.Register(() =&gt; ...)</c>): it runs whenever the token is cancelled.</summary>
    private static bool IsCancellationCallback(IFlowAnonymousFunctionOperation lambda)
    {
        IOperation? use = lambda.Parent;
        while (use is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
        {
            use = use.Parent;
        }

        return use is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Register" or "UnsafeRegister" } register } }
               && register.ContainingType.IsType("System.Threading", "CancellationToken");
    }

    /// <summary>
    /// A cancellation callback registered while an op uses a buffer can run at once, with the op still in flight: a
    /// release in its body (<c>token.Register(() =&gt; pool.Return(buffer))</c>) gives the buffer back under the kernel.
    /// </summary>
    private void CheckReleasesOnCancellation(IFlowAnonymousFunctionOperation lambda, FlowState state)
    {
        if (!Reporting || Context.Model is null)
        {
            return;
        }

        foreach (SyntaxReference reference in lambda.Symbol.DeclaringSyntaxReferences)
        {
            if (Context.Model.SyntaxTree != reference.SyntaxTree || Context.Model.GetOperation(reference.GetSyntax()) is not IAnonymousFunctionOperation function)
            {
                continue;
            }

            foreach (IOperation node in function.Body.Descendants())
            {
                if (node is IInvocationOperation release && ReleaseOf(release, state) is ({ } owner, { } how) && IsInFlight(state.Get(owner)))
                {
                    Report(_rule.OwnerReleased(release, owner, how + " by a cancellation callback, which may run while the op is in flight"));
                }
            }
        }
    }

    /// <summary>
    /// For memory the ring pins itself (an op's <c>Memory&lt;T&gt;</c> overload): whether releasing
    /// <paramref name="owner"/> early still hurts. Ending the caller's own pin does not (the ring holds one), nor
    /// does disposing a <see cref="Uring.NativeBuffer"/> (its free waits for the ring's pin); giving a pooled
    /// array or memory owner back does, because the pool hands it to someone else while the kernel writes it.
    /// </summary>
    private bool ReleaseMatters(ISymbol owner)
    {
        ITypeSymbol? type = TypeOf(owner);
        return !(Symbols.IsNativeBuffer(type)
                 || type.IsType("System.Buffers", "MemoryHandle")
                 || type.IsType("System.Runtime.InteropServices", "GCHandle")
                 || type?.TypeKind == TypeKind.Pointer);
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    /// <summary>
    /// The owner a call disposes, returns to a pool (<c>ArrayPool</c>, an <c>ObjectPool</c>, or a pool of the
    /// application: a method of this compilation named <c>Return</c>, <c>Release</c>, <c>Free</c>, <c>Recycle</c> or
    /// <c>Put</c>, or whatever its name, one that puts its argument back where its type hands items out from), frees or
    /// unpins, and how it says so.
    /// </summary>
    private (ISymbol? Owner, string? How) ReleaseOf(IInvocationOperation invocation, FlowState state)
    {
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        ISymbol? first = invocation.Arguments.Length > 0 ? Own(Uncaptured(invocation.Arguments[0].Value)) : null;
        ISymbol? instance = invocation.Instance is null ? null : Own(Uncaptured(invocation.Instance));
        switch (method.Name)
        {
            case "Dispose" when instance is not null && method.Parameters.Length == 0:
                return (instance, TypeOf(instance).IsType("System.Buffers", "MemoryHandle") ? "unpinned" : "disposed");
            case "Return" when type.IsType("System.Buffers", "ArrayPool`1"):
                return (first, "returned to the pool");
            case "Free" when type.IsType("System.Runtime.InteropServices", "GCHandle") && instance is not null:
                return (instance, "unpinned");
            case "Free" or "AlignedFree" when type.IsType("System.Runtime.InteropServices", "NativeMemory"):
            case "FreeHGlobal" or "FreeCoTaskMem" when type.IsType("System.Runtime.InteropServices", "Marshal"):
                return (first, "freed");
            case "Return" or "Release" or "Free" or "Recycle" or "Put"
                when (method.DeclaringSyntaxReferences.Length > 0 || type.Name == "ObjectPool`1" || type.MetadataName == "ObjectPool`1")
                     && PooledHandleWalker.KindOf(method, Symbols) == HandleKind.None:
            case not null when SourceFacts.TakesBackIntoPool(method, Context.Model) && PooledHandleWalker.KindOf(method, Symbols) == HandleKind.None:
                // The application's pool takes back what it lent: the first argument that is in flight, else the receiver.
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (Own(Uncaptured(argument.Value)) is { } returned && (state.Get(returned) & ~Idle) != 0)
                    {
                        return (returned, "returned to its pool");
                    }
                }

                return invocation.Arguments.Length == 0 && instance is not null ? (instance, "returned to its pool") : (null, null);
            default:
                return (null, null);
        }
    }
}
