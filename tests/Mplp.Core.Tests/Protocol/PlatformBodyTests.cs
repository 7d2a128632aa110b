using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Protocol;

public sealed class PlatformBodyTests
{
    [Fact]
    public void Readers_ValidFields_GiveTheirValues()
    {
        var id = MplpIds.New();
        var fields = new PlatformBody(Body($$"""{"name":"n","count":3,"flag":true,"at":"2026-01-02T03:04:05Z","roles":["a","b"],"id":"{{id}}"}"""),
            "name", "count", "flag", "at", "roles", "id");

        Assert.Equal("n", fields.Text("name", required: true));
        Assert.Equal(3, fields.Integer("count", 1, 10));
        Assert.True(fields.Flag("flag"));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), fields.Time("at"));
        Assert.Equal(["a", "b"], fields.Texts("roles")!);
        Assert.Equal(id, fields.Id("id", required: true));
        fields.ThrowIfInvalid();
    }

    [Fact]
    public void Readers_AbsentOrNullOptionalFields_AreNull_AndValid()
    {
        var fields = new PlatformBody(Body("""{"name":null}"""), "name", "count", "flag", "at", "roles", "id");

        Assert.Null(fields.Text("name", required: false));
        Assert.Null(fields.Integer("count", 1, 10));
        Assert.Null(fields.Flag("flag"));
        Assert.Null(fields.Time("at"));
        Assert.Null(fields.Texts("roles"));
        Assert.Null(fields.Id("id", required: false));
        fields.ThrowIfInvalid();
    }

    [Fact]
    public void ThrowIfInvalid_UnknownAndMissingFields_Is400NamingEach()
    {
        var fields = new PlatformBody(Body("""{"colour":"blue"}"""), "principal");
        fields.Text("principal", required: true);

        var problem = Assert.Throws<ProblemException>(fields.ThrowIfInvalid).Problem;

        Assert.Equal((400, "VALIDATION_FAILED"), (problem.Status, problem.Code));
        Assert.Equal(["/colour", "/principal"], problem.Errors!.Select(e => e.Path));
    }

    [Fact]
    public void ThrowIfInvalid_EveryBrokenField_IsReportedAtOnce()
    {
        var fields = new PlatformBody(Body("""{"name":"","count":0,"flag":"yes","at":"tomorrow","roles":[""],"id":"NOT-AN-ID"}"""),
            "name", "count", "flag", "at", "roles", "id");
        fields.Text("name", required: false);
        fields.Integer("count", 1, 10);
        fields.Flag("flag");
        fields.Time("at");
        fields.Texts("roles");
        fields.Id("id", required: false);
        fields.Reject("name", "a rule of the caller's own");

        var problem = Assert.Throws<ProblemException>(fields.ThrowIfInvalid).Problem;

        Assert.Equal(["/name", "/count", "/flag", "/at", "/roles", "/id", "/name"], problem.Errors!.Select(e => e.Path));
    }

    [Theory]
    [InlineData("\"ok\"", true)]
    [InlineData("\"\"", false)]
    [InlineData("\"tab\\there\"", false)]
    [InlineData("42", false)]
    public void Text_EmptyControlCharactersOrNotAString_IsRefused(string value, bool valid)
        => Assert.Equal(valid, IsValid(value, (fields, name) => fields.Text(name, required: true)));

    [Fact]
    public void Text_LongerThan256Characters_IsRefused()
    {
        Assert.True(IsValid($"\"{new string('a', 256)}\"", (fields, name) => fields.Text(name, required: true)));
        Assert.False(IsValid($"\"{new string('a', 257)}\"", (fields, name) => fields.Text(name, required: true)));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("10", true)]
    [InlineData("0", false)]
    [InlineData("11", false)]
    [InlineData("2.5", false)]
    [InlineData("\"3\"", false)]
    public void Integer_OutsideItsRangeOrNotWhole_IsRefused(string value, bool valid)
        => Assert.Equal(valid, IsValid(value, (fields, name) => fields.Integer(name, 1, 10)));

    [Theory]
    [InlineData("[]", true)]
    [InlineData("[\"a\"]", true)]
    [InlineData("[\"a\", 1]", false)]
    [InlineData("\"a\"", false)]
    public void Texts_NotAnArrayOfStrings_IsRefused(string value, bool valid)
        => Assert.Equal(valid, IsValid(value, (fields, name) => fields.Texts(name)));

    [Fact]
    public void Texts_MoreThan50_IsRefused()
    {
        var items = string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"r{i}\""));

        Assert.False(IsValid($"[{items}]", (fields, name) => fields.Texts(name)));
    }

    [Theory]
    [InlineData("\"550e8400-e29b-41d4-a716-446655440000\"", true)]
    [InlineData("\"550E8400-E29B-41D4-A716-446655440000\"", false)]
    [InlineData("\"not an id\"", false)]
    public void Id_NotALowerCaseUuidV4_IsRefused(string value, bool valid)
        => Assert.Equal(valid, IsValid(value, (fields, name) => fields.Id(name, required: true)));

    private static bool IsValid(string value, Action<PlatformBody, string> read)
    {
        var fields = new PlatformBody(Body($$"""{"field":{{value}}}"""), "field");
        read(fields, "field");
        try
        {
            fields.ThrowIfInvalid();
            return true;
        }
        catch (ProblemException)
        {
            return false;
        }
    }

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();
}
