using System;
using System.Threading;
using System.Threading.Tasks;
using Uring;

public sealed class ConfigReloader
{
    private readonly EventLoop _loop;
    private readonly byte[] _buffer = new byte[8192];
    private string _current = string.Empty;

    public ConfigReloader(EventLoop loop) => _loop = loop;

    public async Task<int> ReloadAsync(int fd, CancellationToken cancellationToken)
    {
        await _loop.SwitchTo();
        int total = 0;
        while (true)
        {
            int n = await _loop.ReadAsync(fd, _buffer.AsMemory(total), total, cancellationToken);
            if (n <= 0)
            {
                break;
            }

            total += n;
            if (total == _buffer.Length)
            {
                break;
            }
        }

        await _loop.SwitchTo();
        string text = System.Text.Encoding.UTF8.GetString(_buffer, 0, total);
        _loop.Post(state => _current = (string)state!, text);
        await _loop.NopAsync(cancellationToken);
        return total;
    }

    public string Current => _current;
}
