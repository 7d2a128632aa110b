using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Tests.OpenApi;

/// <summary>
/// The problem codes of openapi.json against the catalogue (<see cref="ProblemCodes"/>, <see cref="Problems"/>).
/// What they prove, and their limits: every documented code exists under its one status; every code of the
/// catalogue is documented by some operation; and each problem an HTTP function raises itself (a
/// <c>throw Problems.X(...)</c> in its own body) is documented on that function's
/// operation. Problems raised deeper (EntityService, the module services) are held to the document only by
/// the first two and by the kinds' shared lists in <c>ApiOperations</c>, not per endpoint; nor are throws in
/// a helper method the functions share (e.g. a route id parser).
/// </summary>
public sealed partial class ProblemCodesDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Document_EveryProblemCode_IsInTheCatalogueUnderItsStatus()
    {
        var wrong = (await DocumentedAsync())
            .Where(d => ProblemCodes.StatusOf(d.Code) != d.Status)
            .Select(d => $"{d.OperationId}: {d.Status} {d.Code} (catalogue: {ProblemCodes.StatusOf(d.Code)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})")
            .ToList();

        Assert.True(wrong.Count == 0, "Documented codes not in ProblemCodes under that status:\n" + string.Join('\n', wrong));
    }

    [Fact(Timeout = 30_000)]
    public async Task Catalogue_EveryCode_IsDocumentedBySomeOperation()
    {
        var documented = (await DocumentedAsync()).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);

        // Any operation may fail unexpectedly; a 500 is not a documented answer.
        var missing = ProblemCodes.Fixed.Keys.Where(c => c != ProblemCodes.InternalError && !documented.Contains(c)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Codes of ProblemCodes no operation documents:\n" + string.Join('\n', missing));
    }

    [Fact(Timeout = 30_000)]
    public async Task Functions_ProblemsTheyRaise_AreDocumentedOnTheirOperation()
    {
        var documented = (await DocumentedAsync()).Select(d => (d.OperationId, d.Code)).ToHashSet();
        var codes = FactoryCodes();
        var missing = new List<string>();
        var sources = Directory.GetFiles(TestFiles.FunctionsSource, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var calls = 0;
        foreach (var file in sources)
        {
            var source = File.ReadAllText(file);
            var functions = FunctionAttribute().Matches(source);
            for (var i = 0; i < functions.Count; i++)
            {
                var name = functions[i].Groups["name"].Value;
                foreach (Match call in FactoryCall().Matches(BodyOf(source, functions[i].Index)))
                {
                    if (codes.TryGetValue(call.Groups["factory"].Value, out var code))
                    {
                        calls++;
                        if (!documented.Contains((name, code)))
                        {
                            missing.Add($"{name} ({Path.GetFileName(file)}): {code}");
                        }
                    }
                }
            }
        }

        Assert.True(calls > 0, "No Problems.X(...) call found in the functions' source: the scan is broken.");
        Assert.True(missing.Count == 0, "Raised by the function but not documented on its operation (add it to [ApiOperation(Problems = ...)]):\n" + string.Join('\n', missing));
    }

    /// <summary>From a function's attribute to the next member of its class (the next line indented as a member, after its declaration).</summary>
    private static string BodyOf(string source, int start)
    {
        var declaration = source.IndexOf("\n    public ", start, StringComparison.Ordinal) + 1;
        var next = MemberStart().Match(source, source.IndexOf('\n', declaration));
        return source[start..(next.Success ? next.Index : source.Length)];
    }

    /// <summary>The code each factory of <see cref="Problems"/> builds; the per-module ones (NotFound("x") is X_NOT_FOUND) are left out.</summary>
    private static Dictionary<string, string> FactoryCodes()
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var factory in typeof(Problems).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(ProblemException)))
        {
            var exception = (ProblemException)factory.Invoke(null, [.. factory.GetParameters().Select(p => Sample(p.ParameterType))])!;
            if (ProblemCodes.Fixed.ContainsKey(exception.Problem.Code))
            {
                codes.TryAdd(factory.Name, exception.Problem.Code);
            }
        }

        Assert.NotEmpty(codes);
        return codes;
    }

    private static object Sample(Type type)
        => type == typeof(string) ? "x"
            : type.IsValueType ? Activator.CreateInstance(type)!
            : type.IsAssignableFrom(typeof(SchemaError[])) ? Array.Empty<SchemaError>()
            : type.IsAssignableFrom(typeof(string[])) ? Array.Empty<string>()
            : throw new InvalidOperationException($"No sample {type} for a Problems factory.");

    private async Task<List<(string OperationId, int Status, string Code)>> DocumentedAsync()
    {
        using var response = await api.Client.GetAsync(new Uri("/api/v1/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var documented = new List<(string, int, string)>();
        foreach (var (_, path) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                foreach (var (status, answer) in operation!["responses"]!.AsObject())
                {
                    foreach (var code in answer!["x-problem-codes"]?.AsArray() ?? [])
                    {
                        documented.Add((operation["operationId"]!.GetValue<string>(), int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), code!.GetValue<string>()));
                    }
                }
            }
        }

        Assert.NotEmpty(documented);
        return documented;
    }

    [GeneratedRegex(@"\[Function\(""(?<name>[^""]+)""\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\n    [^ \n]|\n}")]
    private static partial Regex MemberStart();

    [GeneratedRegex(@"\bthrow Problems\.(?<factory>\w+)\(")]
    private static partial Regex FactoryCall();
}
