using System;
using System.Collections;
using System.Collections.Generic;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Uring.AspNetCore;

// The connection's features: what Kestrel's socket transport offers (id, transport, items, memory pool, lifetime, end
// points, socket), served by the connection itself, plus whatever Kestrel and middleware set (heartbeat, completion,
// lifetime notification, metrics), kept in a short list.
internal sealed partial class UringConnection :
    IConnectionIdFeature,
    IConnectionTransportFeature,
    IConnectionItemsFeature,
    IMemoryPoolFeature,
    IConnectionLifetimeFeature,
    IConnectionEndPointFeature,
    IConnectionSocketFeature
{
    private FeatureTable? _features;
    private Socket? _socket;

    /// <inheritdoc/>
    public override IFeatureCollection Features => _features!;

    /// <summary>
    /// A <see cref="Socket"/> over the connection's descriptor, made on first use (for socket options). It does not own the
    /// descriptor: the loop closes it when the connection is disposed, and the socket must not be used after that. Its
    /// receives and sends would bypass the ring; use <see cref="ConnectionContext.Transport"/> for data.
    /// </summary>
    Socket IConnectionSocketFeature.Socket
    {
        get
        {
            if (_socket is null)
            {
                LoopConnection connection = _pipe.Connection;
                ObjectDisposedException.ThrowIf(connection.IsDisposed, connection);
                _socket = new Socket(new SafeSocketHandle(connection.FileDescriptor, ownsHandle: false));
            }

            return _socket;
        }
    }

    private void InitializeFeatures() => _features = new FeatureTable(this);

    /// <summary>
    /// An <see cref="IFeatureCollection"/> whose known features start as the connection itself (found by a reference compare
    /// per known type, no dictionary); others go to a list, as few are ever set.
    /// </summary>
    private sealed class FeatureTable : IFeatureCollection
    {
        private static readonly Type[] s_known =
        [
            typeof(IConnectionIdFeature),
            typeof(IConnectionTransportFeature),
            typeof(IConnectionItemsFeature),
            typeof(IMemoryPoolFeature),
            typeof(IConnectionLifetimeFeature),
            typeof(IConnectionEndPointFeature),
            typeof(IConnectionSocketFeature),
        ];

        private readonly object?[] _known;
        private List<KeyValuePair<Type, object>>? _others;
        private int _revision;

        public FeatureTable(UringConnection connection)
        {
            _known = new object?[s_known.Length];
            Array.Fill(_known, connection);
        }

        public bool IsReadOnly => false;

        public int Revision => _revision;

        public object? this[Type key]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(key);
                int index = KnownIndex(key);
                if (index >= 0)
                {
                    return _known[index];
                }

                if (_others is not null)
                {
                    foreach (KeyValuePair<Type, object> pair in _others)
                    {
                        if (pair.Key == key)
                        {
                            return pair.Value;
                        }
                    }
                }

                return null;
            }

            set
            {
                ArgumentNullException.ThrowIfNull(key);
                _revision++;
                int index = KnownIndex(key);
                if (index >= 0)
                {
                    _known[index] = value;
                    return;
                }

                _others ??= new List<KeyValuePair<Type, object>>(4);
                for (int i = 0; i < _others.Count; i++)
                {
                    if (_others[i].Key == key)
                    {
                        if (value is null)
                        {
                            _others.RemoveAt(i);
                        }
                        else
                        {
                            _others[i] = new KeyValuePair<Type, object>(key, value);
                        }

                        return;
                    }
                }

                if (value is not null)
                {
                    _others.Add(new KeyValuePair<Type, object>(key, value));
                }
            }
        }

        public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

        public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
        {
            for (int i = 0; i < s_known.Length; i++)
            {
                if (_known[i] is { } feature)
                {
                    yield return new KeyValuePair<Type, object>(s_known[i], feature);
                }
            }

            if (_others is not null)
            {
                foreach (KeyValuePair<Type, object> pair in _others)
                {
                    yield return pair;
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static int KnownIndex(Type key)
        {
            for (int i = 0; i < s_known.Length; i++)
            {
                if (ReferenceEquals(s_known[i], key))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
