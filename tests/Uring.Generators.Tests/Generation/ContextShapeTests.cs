using Uring.Generators.Tests.Support;
using Xunit;

namespace Uring.Generators.Tests.Generation;

/// <summary>
/// <c>[UringContext]</c> shapes: each is generated, compiled with the output, its <c>Layout</c> measured by
/// the runtime, and snapshotted.
/// </summary>
public sealed class ContextShapeTests
{
    [Fact]
    public void Empty_context() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        [UringContext]
        public partial struct Nothing
        {
        }
        """);

    [Fact]
    public void All_unmanaged_fields_are_packed_by_alignment() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        public enum Phase : byte { Reading, Writing }

        [UringContext]
        public partial struct Transfer
        {
            public byte Retries;
            public long Offset;
            public int Fd;
            public bool Last;
            public double Weight;
            public short Lane;
            public Phase Phase;
            public uint Length;
            public char Tag;
            public nint Native;
        }
        """);

    [Fact]
    public void Reference_fields_go_to_the_side_table() => ContextSnapshot.Verify("""
        using System;
        using Uring;

        namespace App;

        public sealed class Connection { }

        public interface IListener { }

        [UringContext]
        public partial struct EchoState
        {
            public Connection Conn;
            public int BufferId;
            public string? Label;
            public long Bytes;
            public byte[] Buffer;
            public IListener Listener;
            public Action<int>? Callback;
        }
        """);

    [Fact]
    public void Nested_unmanaged_structs_are_laid_out_by_value() => ContextSnapshot.Verify("""
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using Uring;

        namespace App;

        public struct Point { public int X; public int Y; }

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Packed { public byte Kind; public long Value; }

        [InlineArray(4)]
        public struct Four { private short _element; }

        public struct Line { public Point From; public Point To; public byte Color; }

        [UringContext]
        public partial struct Drawing
        {
            public Line Line;
            public Packed Packed;
            public Four Lanes;
            public Guid Id;
            public int? Count;
        }
        """);

    [Fact]
    public void Generic_containing_types_are_reopened() => ContextSnapshot.Verify("""
        using System.Collections.Generic;
        using Uring;

        namespace App;

        public partial class Server<TSession> where TSession : class
        {
            public partial class Lane<TKey>
            {
                [UringContext]
                internal partial struct Pending
                {
                    public TSession Session;
                    public List<TKey> Keys;
                    public long Started;
                    public CompletionHandler Handler;
                    public short Attempt;
                }
            }
        }

        [UringContext]
        public partial struct Tagged<T> where T : class
        {
            public T Value;
            public int Tag;
        }
        """);

    [Fact]
    public void Exactly_sixty_four_bytes_fit() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        [UringContext]
        public partial struct Full
        {
            public long A, B, C, D, E, F, G;
            public int H;
            public short I;
            public byte J, K;
        }
        """);

    [Fact]
    public void A_handler_slot_gets_a_dispatcher_that_calls_known_handlers_directly() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        [UringContext]
        public partial struct Request
        {
            public int Id;
            public CompletionHandler Handler;
            public string Name;
        }

        [UringContext]
        public partial struct Other
        {
            public CompletionHandler OnDone;
        }

        public static class Handlers
        {
            [UringHandler]
            public static void OnRead(Ring ring, in CqeView cqe) { }

            [UringHandler(typeof(Request))]
            internal static void OnWrite(Ring ring, in CqeView cqe) { }

            [UringHandler(typeof(Other))]
            public static void OnOther(Ring ring, in CqeView cqe) { }

            [UringHandler]
            private static void Hidden(Ring ring, in CqeView cqe) { }
        }

        public static class More
        {
            [UringHandler]
            public static void OnRead(Ring ring, in CqeView cqe) { }
        }
        """);

    [Fact]
    public void Without_unsafe_code_the_dispatcher_calls_through_the_pointer() => ContextSnapshot.Verify(
        """
        using Uring;

        namespace App;

        [UringContext]
        public partial struct Request
        {
            public CompletionHandler Handler;
            public int Id;
        }

        public static class Handlers
        {
            [UringHandler]
            public static void OnRead(Ring ring, in CqeView cqe) { }
        }
        """,
        allowUnsafe: false);

    [Fact]
    public void Readonly_record_and_keyword_fields() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        [UringContext]
        public readonly partial struct Frozen
        {
            public readonly int Id;
            public readonly string Name;
        }

        [UringContext]
        public partial record struct Entry
        {
            public int @class;
            public object @event;
            public readonly long Stamp;
        }
        """);

    [Fact]
    public void Accessibility_follows_the_fields_and_their_types() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        public partial class Host
        {
            private struct Secret { public long Value; }

            private sealed class Token { }

            [UringContext]
            public partial struct State
            {
                public int Visible;
                internal int Assembly;
                private Secret _secret;
                private Token? _token;

                public long SecretValue => _secret.Value;

                public bool HasToken => _token is not null;
            }
        }
        """);

    [Fact]
    public void Global_namespace_and_deep_nesting() => ContextSnapshot.Verify("""
        using Uring;

        public partial class Outer
        {
            internal partial record Middle
            {
                [UringContext]
                private partial struct Inner
                {
                    public int Value;
                }
            }
        }

        [UringContext]
        public partial struct TopLevel
        {
            public ulong Value;
        }
        """);

    [Fact]
    public void Pointer_fields_make_the_generated_part_unsafe() => ContextSnapshot.Verify("""
        using Uring;

        namespace App;

        [UringContext]
        public unsafe partial struct Native
        {
            public byte* Buffer;
            public delegate*<int, void> Callback;
            public int Length;
        }
        """);

    [Fact]
    public void User_declared_ops_and_contexts_work_together() => ContextSnapshot.Verify("""
        using System;
        using Uring;
        using static Uring.SqeField;

        namespace App.Devices;

        /// <summary>A device command through uring_cmd, with a typed context for its completion.</summary>
        public static partial class DeviceOps
        {
            [UringOp(IoUringOp.UringCmd)]
            public static partial bool TryPrepareDeviceCommand(
                this Ring ring,
                SqeContext context,
                [Sqe(Fd)] int device,
                [Sqe(CmdOp)] uint command,
                [Sqe(Cmd)] ReadOnlySpan<byte> payload);

            public static bool Submit(Ring ring, int device, in Command state)
            {
                if (!Command.TryRent(ring, state, out ExtendedSqe ext))
                {
                    return false;
                }

                if (!ring.TryPrepareDeviceCommand(ext.Context, device, 7, default))
                {
                    Command.Release(ring, ext);
                    return false;
                }

                return true;
            }
        }

        [UringContext]
        public partial struct Command
        {
            public CompletionHandler Handler;
            public uint Sequence;
            public object? Owner;
        }
        """);
}
