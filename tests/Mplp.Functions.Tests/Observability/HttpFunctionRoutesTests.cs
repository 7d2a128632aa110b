using Mplp.Functions.Observability;

namespace Mplp.Functions.Tests.Observability;

/// <summary>The handler label: the function a request reaches, matched as the hosts route (literal segments first).</summary>
public sealed class HttpFunctionRoutesTests
{
    private static readonly HttpFunctionRoutes Routes = HttpFunctionRoutes.OfThisApp();

    [Theory]
    [InlineData("POST", "/api/v1/contexts", "Contexts_Create", "context")]
    [InlineData("GET", "/api/v1/contexts/1c5d2423-89ba-4491-aad7-2d6d5a257234", "Contexts_Get", "context")]
    [InlineData("GET", "/api/v1/contexts/health", "Contexts_Get", "context")]
    [InlineData("GET", "/api/v1/plan/health", "ModuleHealth", null)]
    [InlineData("POST", "/api/v1/plans/1c5d2423-89ba-4491-aad7-2d6d5a257234/execute", "Plans_Execute", "plan")]
    [InlineData("PATCH", "/api/v1/core/modules/dialog", "Core_SetModuleStatus", "core")]
    [InlineData("get", "/health", "Health", null)]
    [InlineData("GET", "/metrics", "Metrics", null)]
    public void Match_KnownRoute_NamesTheFunctionAndItsModule(string method, string path, string function, string? module)
    {
        var matched = Routes.Match(method, path);

        Assert.NotNull(matched);
        Assert.Equal(function, matched.Name);
        Assert.Equal(module, matched.Module?.Name);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing/here/at/all")]
    [InlineData("DELETE", "/health")]
    public void Match_NoSuchRoute_IsNull(string method, string path) => Assert.Null(Routes.Match(method, path));
}
