using Xunit;

namespace Uring.Tests.Support;

/// <summary>One request, one completion: the shape of most kernel tests.</summary>
internal static class RingResults
{
    /// <summary>
    /// Asserts the request was prepared, waits for the next completion, asserts it is request
    /// <paramref name="id"/> (a value context), and returns its result.
    /// </summary>
    public static int ResultOf(this Ring ring, ulong id, bool prepared)
    {
        Assert.True(prepared, "The SQ was full.");
        CqeView cqe = ring.WaitOne();
        Assert.Equal(id, cqe.Context.Value);
        return cqe.Result;
    }
}
