using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Values that cannot work are refused at render time with a reason, not deployed.</summary>
public class ChartValidationTests
{
    [Theory]
    [InlineData("redis.sentinal.enabled=true", "sentinal")]
    [InlineData("ingress.tls.enabled=true", "tls")]
    [InlineData("mplp.modules.plna.enabled=true", "plna")]
    [InlineData("mplp.modules.plan.replicas=-1", "replicas")]
    [InlineData("mplp.podAntiAffinity=always", "podAntiAffinity")]
    [InlineData("mplp.agentPools[0].name=x,mplp.agentPools[0].role=Code Reviewer", "role")]
    [InlineData("storage.accountName=Not_An_Account", "accountName")]
    public async Task Template_ValueAgainstTheSchema_IsRefused(string set, string named)
    {
        var error = await RefusedAsync("", set);

        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storage.connectionStringSecret=", "storage.accountName")]
    [InlineData("storage.accountName=mplpstorage", "workloadIdentity.enabled")]
    [InlineData("postgresql.external.existingSecret=", "postgresql.enabled")]
    [InlineData("mplp.modules.core.enabled=false", "cannot be disabled")]
    [InlineData("mplp.modules.context.enabled=false", "every object lives in a context")]
    [InlineData("keyVault.csi.enabled=true", "keyVault.uri")]
    [InlineData("workloadIdentity.enabled=true", "clientId")]
    public async Task Template_UnworkableCombination_IsRefusedWithTheReason(string set, string reason)
    {
        var error = await RefusedAsync("", set);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
