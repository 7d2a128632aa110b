using System.ComponentModel;
using System.Globalization;

namespace Mplp.DevHost.Invocation;

/// <summary>Converts text (a route value, a message property) to a parameter's type.</summary>
public static class ValueConverter
{
    public static object? FromString(string? text, Type type)
    {
        if (text is null)
        {
            return DefaultOf(type);
        }

        if (type == typeof(string) || type == typeof(object))
        {
            return text;
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            throw new ArgumentBindingException($"Cannot convert text to {type.Name}.");
        }

        try
        {
            return converter.ConvertFromString(null, CultureInfo.InvariantCulture, text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new ArgumentBindingException($"'{text}' is not a valid {type.Name}.", e);
        }
    }

    public static object? Convert(object? value, Type type) => value switch
    {
        null => DefaultOf(type),
        _ when type.IsInstanceOfType(value) => value,
        IFormattable formattable => FromString(formattable.ToString(null, CultureInfo.InvariantCulture), type),
        _ => FromString(value.ToString(), type),
    };

    public static object? DefaultOf(Type type)
        => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
}

/// <summary>An argument could not be made from what the trigger delivered (bad route value, bad JSON).</summary>
public sealed class ArgumentBindingException(string message, Exception? innerException = null) : Exception(message, innerException);
