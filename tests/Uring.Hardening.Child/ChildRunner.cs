using System;

namespace Uring.Hardening.Child;

/// <summary>Runs the named cases one after the other, one result line each (see <see cref="ChildProtocol"/>).</summary>
public static class ChildRunner
{
    public static int Run(string[] names)
    {
        foreach (string name in names)
        {
            ChildProtocol.Write(ChildProtocol.Start, name, string.Empty);
            string line;
            string detail;
            try
            {
                detail = ChildCatalog.Run(name);
                line = ChildProtocol.Pass;
            }
            catch (Exception exception)
            {
                detail = $"{exception.GetType().Name}: {exception.Message}";
                line = ChildProtocol.Fail;
            }

            ChildProtocol.Write(line, name, detail);
        }

        return 0;
    }
}
