namespace Mplp.DevHost.Configuration;

/// <summary>
/// Resolves <c>%Setting%</c> app-setting expressions in binding values (queue names, hub name),
/// as the Functions host does, so tests and environments can choose names without code changes.
/// </summary>
public static class BindingExpressions
{
    public static string Resolve(string value, IConfiguration configuration)
    {
        var start = value.IndexOf('%', StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var result = new System.Text.StringBuilder();
        var position = 0;
        while (start >= 0)
        {
            var end = value.IndexOf('%', start + 1);
            if (end < 0)
            {
                throw new InvalidOperationException($"Unbalanced '%' in binding expression '{value}'.");
            }

            var name = value[(start + 1)..end];
            var setting = configuration[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Binding expression '{value}' names the app setting '{name}', which is not set.");
            result.Append(value, position, start - position).Append(setting);
            position = end + 1;
            start = value.IndexOf('%', position);
        }

        return result.Append(value, position, value.Length - position).ToString();
    }
}
