using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Tests.Invocation;

public sealed class ValueConverterTests
{
    [Fact]
    public void FromString_RouteValues_ConvertToParameterTypes()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, ValueConverter.FromString(id.ToString(), typeof(Guid)));
        Assert.Equal(42, ValueConverter.FromString("42", typeof(int)));
        Assert.Equal(7L, ValueConverter.FromString("7", typeof(long?)));
        Assert.Equal("text", ValueConverter.FromString("text", typeof(string)));
        Assert.Null(ValueConverter.FromString(null, typeof(int?)));
        Assert.Equal(0, ValueConverter.FromString(null, typeof(int)));
    }

    [Fact]
    public void FromString_BadValue_ThrowsArgumentBindingException()
    {
        Assert.Throws<ArgumentBindingException>(() => ValueConverter.FromString("abc", typeof(int)));
        Assert.Throws<ArgumentBindingException>(() => ValueConverter.FromString("abc", typeof(Guid)));
    }
}
