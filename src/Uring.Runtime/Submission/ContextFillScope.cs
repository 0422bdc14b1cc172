using System.ComponentModel;
using System.Threading;

namespace Uring;

/// <summary>
/// Keeps a ring's <see cref="Ring.Stop"/> from freeing its context pools while a context is rented and filled in
/// one step (see <see cref="Ring.BeginContextFill"/>). Dispose it (<c>using</c>) when the fill is done.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public readonly ref struct ContextFillScope
{
    private readonly Lock? _gate;

    internal ContextFillScope(Lock? gate) => _gate = gate;

    /// <summary>Lets a waiting <see cref="Ring.Stop"/> go on.</summary>
    public void Dispose() => _gate?.Exit();
}
