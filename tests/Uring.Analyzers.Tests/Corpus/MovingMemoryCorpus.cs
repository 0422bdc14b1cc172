using System.Threading.Tasks;
using Xunit;
using V = Uring.Analyzers.Tests.Support.Verify<Uring.Analyzers.Buffers.UnstableMemoryAnalyzer, Uring.Analyzers.Buffers.ReleasedBeforeCompletionAnalyzer, Uring.Analyzers.Buffers.ReusedWhileInFlightAnalyzer>;

namespace Uring.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus, family "moving memory" (URING0001, an error): memory the GC moves, or a frame that ends, handed to an op
/// that keeps it; and correct programs that look alike.
/// </summary>
public sealed class MovingMemoryCorpus
{
    [Fact]
    public Task A_pointer_from_Unsafe_AsPointer_over_an_unpinned_array() => V.Diagnostics("""
        using System.Runtime.CompilerServices;

        unsafe sealed class RawReceiver
        {
            private readonly byte[] _buffer = new byte[8192];

            public void Arm(Ring ring, int socket)
            {
                byte* p = (byte*)Unsafe.AsPointer(ref _buffer[0]);
                ring.TryPrepareRecv(SqeContext.FromValue(1), socket, {|URING0001:new Span<byte>(p, _buffer.Length)|});
            }

            public void ArmLocal(Ring ring, int socket)
            {
                var scratch = new byte[1024];
                void* start = Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
                ring.TryPrepareRecv(SqeContext.FromValue(2), socket, {|URING0001:new Span<byte>(start, scratch.Length)|});
            }
        }
        """);

    [Fact]
    public Task A_temporary_array_from_an_encoding_call_passed_straight_to_a_send() => V.Diagnostics("""
        using System.Text;

        sealed class Greeter
        {
            private readonly Ring _ring;

            public Greeter(Ring ring) => _ring = ring;

            public void Greet(int socket, string name)
            {
                _ring.TryPrepareSend(SqeContext.FromValue(1), socket, {|URING0001:Encoding.UTF8.GetBytes($"hello {name}\r\n").AsSpan()|});
                _ring.TryPrepareSend(SqeContext.FromValue(2), socket, {|URING0001:BitConverter.GetBytes(name.Length).AsSpan()|});
                _ring.Submit();
            }
        }
        """);

    [Fact]
    public Task An_array_a_serializing_helper_just_built() => V.Diagnostics("""
        using System.IO;

        sealed class Snapshotter
        {
            private static byte[] Serialize(int[] values)
            {
                using var stream = new MemoryStream();
                using var writer = new BinaryWriter(stream);
                foreach (int value in values)
                {
                    writer.Write(value);
                }

                writer.Flush();
                return stream.ToArray();
            }

            public void Save(Ring ring, int fd, int[] values)
            {
                byte[] image = Serialize(values);
                ring.TryPrepareWrite(SqeContext.FromValue(1), fd, {|URING0001:image.AsSpan()|}, 0);
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task An_array_field_only_ever_given_new_arrays() => V.Diagnostics("""
        sealed class LineReader
        {
            private byte[] _line = new byte[256];

            public void Grow() => _line = new byte[_line.Length * 2];

            public void ReadNext(Ring ring, int fd) => ring.TryPrepareRead(SqeContext.FromValue(1), fd, {|URING0001:_line.AsSpan()|});
        }
        """);

    [Fact]
    public Task Stack_memory_in_a_frame_that_ends_before_the_completion() => V.Diagnostics("""
        static class FileInfoProbe
        {
            private const int AtCurrentDirectory = -100;

            public static void StartStat(Ring ring, string path)
            {
                Span<Statx> result = stackalloc Statx[1];
                ring.TryPrepareStatx(SqeContext.FromValue(1), AtCurrentDirectory, path, {|URING0001:result|});
                ring.Submit();
            }
        }
        """);

    [Fact]
    public Task A_stackalloc_statx_reaped_on_every_path_before_the_frame_ends_is_fine() => V.Diagnostics("""
        static class FileInfoProbe
        {
            private const int AtCurrentDirectory = -100;

            public static long SizeOf(Ring ring, string path, CqeView[] completions)
            {
                Span<Statx> result = stackalloc Statx[1];
                if (!ring.TryPrepareStatx(SqeContext.FromValue(1), AtCurrentDirectory, path, result))
                {
                    return -1;
                }

                ring.Submit();
                int n = 0;
                while (n == 0)
                {
                    n = ring.Wait(completions, 1, TimeSpan.FromSeconds(1));
                }

                return completions[0].Result < 0 ? -1 : (long)result[0].Size;
            }
        }
        """);

    [Fact]
    public Task Pinned_arrays_and_memory_given_as_Memory_are_fine() => V.Diagnostics("""
        using System.Runtime.CompilerServices;
        using System.Text;

        unsafe sealed class SafeSender
        {
            private readonly byte[] _pinned = GC.AllocateArray<byte>(4096, pinned: true);
            private readonly byte[] _handled = new byte[4096];
            private GCHandle _handle;

            public SafeSender() => _handle = GCHandle.Alloc(_handled, GCHandleType.Pinned);

            public void Send(Ring ring, int socket, string text)
            {
                int n = Encoding.UTF8.GetBytes(text, _pinned);
                ring.TryPrepareSend(SqeContext.FromValue(1), socket, _pinned.AsSpan(0, n));
                ring.TryPrepareSend(SqeContext.FromValue(2), socket, Encoding.UTF8.GetBytes(text).AsMemory());
                byte* p = (byte*)Unsafe.AsPointer(ref _pinned[0]);
                ring.TryPrepareSend(SqeContext.FromValue(3), socket, new ReadOnlySpan<byte>(p, n));
                ring.TryPrepareRecv(SqeContext.FromValue(4), socket, _handled.AsSpan());
            }
        }
        """);
}
