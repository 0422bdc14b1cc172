namespace Uring.Hardening.Child.Support;

/// <summary>
/// A completion handler that must never run: forged completions and fake context blocks point at it, so a
/// runtime that dereferences a foreign context and calls what it finds there is caught (not crashed).
/// </summary>
internal static unsafe class Trap
{
    public static int Calls;

    public static CompletionHandler Handler => CompletionHandler.Create(&Called);

    private static void Called(Ring ring, in CqeView cqe) => Calls++;
}
