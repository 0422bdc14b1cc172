using System;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Unit;

/// <summary>
/// The incremental receiver's state machine without a kernel: tests play the kernel with synthetic completions
/// (result, <c>F_BUFFER | bid &lt;&lt; 16</c>, <c>F_BUF_MORE</c>) on a detached incremental group whose buffers hold
/// known bytes, and check the fragments' offsets and bytes, the order and count of the calls, and each rejection.
/// </summary>
public sealed class IncrementalReceiverTests : IDisposable
{
    private readonly ProvidedBufferRing _group = ProvidedBufferRing.CreateDetached(1, 4, 16, ProvidedBufferRingFlags.Incremental);
    private readonly RecordingIncrementalHandler _handler = new();
    private readonly IncrementalReceiver _receiver;

    public IncrementalReceiverTests()
    {
        // Buffer 0 holds the alphabet, buffer n > 0 sixteen times the letter 'q' + n.
        "abcdefghijklmnop"u8.CopyTo(_group.GetBuffer(0));
        for (int id = 1; id < 4; id++)
        {
            _group.GetBuffer((ushort)id).Fill((byte)('q' + id));
        }

        _receiver = new IncrementalReceiver(_group, _handler);
    }

    public void Dispose() => _group.Dispose();

    private static CqeFlags Buffer(int id, bool more = false) => CqeFlags.Buffer | (CqeFlags)((uint)id << 16) | (more ? CqeFlags.BufferMore : CqeFlags.None);

    [Fact]
    public void Fragments_of_one_buffer_arrive_at_advancing_offsets_then_complete_once()
    {
        _receiver.HandleCompletion(3, Buffer(0, more: true));
        Assert.True(_receiver.IsFillOpen);
        Assert.Equal(0, _receiver.FillBufferId);
        Assert.Equal(3, _receiver.FillBytes);
        Assert.True(_group.IsProvided(0)); // a partly filled buffer stays with the kernel

        _receiver.HandleCompletion(5, Buffer(0, more: true));
        Assert.Equal(8, _receiver.FillBytes);
        _receiver.HandleCompletion(8, Buffer(0));

        Assert.Equal("D:abc+ D:defgh+ D:ijklmnop- C", _handler.Log);
        Assert.False(_receiver.IsFillOpen);
        Assert.Equal(1, _receiver.CompletedFills);
        Assert.True(_group.IsProvided(0)); // used up, given back: the receiver recycled it
        Assert.Equal(5, _group.Tail);      // 4 provided at first, then buffer 0 again

        // The next fill starts at the start of buffer 1.
        _receiver.HandleCompletion(2, Buffer(1));
        Assert.Equal("D:abc+ D:defgh+ D:ijklmnop- C D:rr- C", _handler.Log);
        Assert.Empty(_handler.Errors);
        Assert.Equal(2, _receiver.CompletedFills);
    }

    [Fact]
    public void A_buffer_id_change_mid_fill_is_rejected_with_one_error_and_nothing_after_it()
    {
        _receiver.HandleCompletion(4, Buffer(0, more: true));
        _receiver.HandleCompletion(4, Buffer(1, more: true));

        Assert.Equal("D:abcd+ E:InvalidOperationException", _handler.Log);
        string message = _handler.Errors[0].Message;
        Assert.Contains("buffer id changed mid-fill", message, StringComparison.Ordinal);
        Assert.Contains("buffer 0", message, StringComparison.Ordinal);
        Assert.Contains("buffer 1", message, StringComparison.Ordinal);
        Assert.True(_receiver.IsFailed);
        Assert.False(_receiver.IsFillOpen);

        // A failed receiver calls nothing more: not for data, an error, or the end of stream.
        _receiver.HandleCompletion(12, Buffer(0));
        _receiver.HandleCompletion(-(int)Errno.ECANCELED, CqeFlags.None);
        _receiver.HandleCompletion(0, CqeFlags.None);
        Assert.Equal(2, _handler.Calls.Count);

        // ... but the buffer a valid completion used up went back to the group.
        Assert.True(_group.IsProvided(0));
    }

    [Theory]
    [InlineData(0, 17, "outside the slot")]     // more than a whole buffer
    [InlineData(4, 0, "outside incremental group")] // no such buffer id
    public void Out_of_slot_ranges_are_rejected(int id, int result, string expected)
    {
        _receiver.HandleCompletion(result, Buffer(id));
        Assert.Equal("E:InvalidOperationException", _handler.Log);
        Assert.Contains(expected, _handler.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(_receiver.IsFailed);
    }

    [Fact]
    public void A_fragment_that_runs_past_the_rest_of_a_partly_filled_buffer_is_rejected()
    {
        _receiver.HandleCompletion(10, Buffer(0, more: true));
        _receiver.HandleCompletion(7, Buffer(0)); // 10 + 7 > 16
        Assert.Equal("D:abcdefghij+ E:InvalidOperationException", _handler.Log);
        Assert.Contains("7 bytes at offset 10 of buffer 0", _handler.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_result_is_one_error_carrying_the_errno()
    {
        _receiver.HandleCompletion(6, Buffer(2, more: true));
        _receiver.HandleCompletion(-(int)Errno.ENOBUFS, CqeFlags.None);
        _receiver.HandleCompletion(-(int)Errno.ECANCELED, CqeFlags.None);
        Assert.Equal("D:ssssss+ E:UringException", _handler.Log);
        Assert.Equal(Errno.ENOBUFS, Assert.IsType<UringException>(_handler.Errors[0]).Errno);
        Assert.Equal(0, _receiver.CompletedFills);
    }

    [Fact]
    public void End_of_stream_is_an_empty_fragment_that_ends_the_fill()
    {
        _receiver.HandleCompletion(3, Buffer(0, more: true));
        _receiver.HandleCompletion(0, CqeFlags.None);
        Assert.Equal("D:abc+ D:- C", _handler.Log);
        Assert.False(_receiver.IsFillOpen);

        // An empty completion that names the buffer (the kernel commits nothing for it) ends a fill the same way,
        // and the buffer stays provided with its offset: the next bytes continue after "abc".
        _receiver.HandleCompletion(2, Buffer(0, more: true));
        _receiver.HandleCompletion(0, Buffer(0));
        Assert.Equal("D:abc+ D:- C D:de+ D:- C", _handler.Log);
        Assert.True(_group.IsProvided(0));
        Assert.Empty(_handler.Errors);
    }

    [Fact]
    public void Bytes_without_a_buffer_are_rejected()
    {
        _receiver.HandleCompletion(5, CqeFlags.None);
        Assert.Equal("E:InvalidOperationException", _handler.Log);
        Assert.Contains("carries no buffer", _handler.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_an_incremental_group_is_accepted()
    {
        using ProvidedBufferRing plain = ProvidedBufferRing.CreateDetached(2, 2, 16);
        Assert.Equal("group", Assert.Throws<ArgumentException>(() => new IncrementalReceiver(plain, _handler)).ParamName);
        Assert.Equal("handler", Assert.Throws<ArgumentNullException>(() => new IncrementalReceiver(_group, null!)).ParamName);
        Assert.Throws<InvalidOperationException>(() => _receiver.TryPrepareMultishot(SqeContext.FromValue(1), 3));
    }
}
