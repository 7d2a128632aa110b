using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// The guide's security keys: network policies, Pod Security Standards (checked at render, labelled by
/// the user), no Kubernetes API rights for the app, its ServiceAccount, and every container's securityContext.
/// </summary>
public class ChartSecurityTests
{
    private const string GuideSecurity = "guide/security-values.yaml";

    /// <summary>An agent pool, so that its pods are among those checked.</summary>
    private static readonly string[] Pool = ["mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer"];

    [Theory]
    [InlineData(GuideSecurity)]
    [InlineData(GuideLayered)]
    public async Task Template_GuideSecurity_EveryPodMeetsRestricted(string valueFiles)
    {
        var pods = PodSecurity.PodsOf(await TemplateAsync(valueFiles, Pool)).ToList();

        foreach (var kind in new[] { $"Deployment/{Release}-core", $"Deployment/{Release}-durable", $"Deployment/{Release}-agent-review", $"Pod/{Release}-test-health" })
        {
            Assert.Contains(kind, pods.Select(p => p.Name));
        }

        Assert.Empty(pods.SelectMany(p => PodSecurity.RestrictedViolations(p.Spec).Select(v => $"{p.Name}: {v}")));
    }

    [Fact]
    public async Task Template_Defaults_WebhooksRefusePrivateNetworks_OptInAllows()
    {
        var defaults = await TemplateAsync(GuideSecurity, []);
        var optedIn = await TemplateAsync(GuideSecurity, ["mplp.webhooks.allowPrivateNetworks=true"]);

        Assert.Equal("false", (string?)defaults.Single("ConfigMap", Release)["data"]!["Mplp__Webhooks__AllowPrivateNetworks"]);
        Assert.Equal("true", (string?)optedIn.Single("ConfigMap", Release)["data"]!["Mplp__Webhooks__AllowPrivateNetworks"]);
    }

    [Fact]
    public async Task Template_PodSecurityStandardsOffWithEscalation_RendersPodsRestrictedRefuses()
    {
        var pods = PodSecurity.PodsOf(await TemplateAsync(GuideSecurity, [.. Pool, "security.podSecurityStandards.enabled=false", "image.securityContext.allowPrivilegeEscalation=true"]));

        Assert.All(pods, p => Assert.Contains("container", Assert.Single(PodSecurity.RestrictedViolations(p.Spec)), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("image.securityContext.allowPrivilegeEscalation=true", "image.securityContext.allowPrivilegeEscalation must be false")]
    [InlineData("image.securityContext.privileged=true", "image.securityContext.privileged must not be true")]
    [InlineData("image.securityContext.capabilities.add={SYS_ADMIN}", "must not add SYS_ADMIN")]
    [InlineData("image.securityContext.runAsUser=0", "image.securityContext.runAsUser must not be 0")]
    [InlineData("mplp.podSecurityContext.seccompProfile.type=Unconfined", "mplp.podSecurityContext.seccompProfile.type must not be Unconfined")]
    public async Task Template_RestrictedOverrideThatBreaksIt_IsRefused(string set, string reason)
    {
        var error = await RefusedAsync(GuideSecurity, set);

        Assert.Contains("security.podSecurityStandards.enforce=restricted: the namespace would refuse the chart's pods", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_Baseline_RefusesPrivilegedButNotEscalation()
    {
        string[] baseline = ["security.podSecurityStandards.enforce=baseline"];

        await TemplateAsync(GuideSecurity, [.. baseline, "image.securityContext.allowPrivilegeEscalation=true"]);
        var error = await RefusedAsync(GuideSecurity, [.. baseline, "image.securityContext.privileged=true"]);

        Assert.Contains("enforce=baseline", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_GuideSecurity_PrintsTheNamespaceLabelCommand()
    {
        var notes = await NotesAsync(GuideSecurity);

        Assert.Contains("kubectl label --overwrite namespace mplp pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("pod-security.kubernetes.io", await NotesAsync("guide/production-values.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_GuideSecurity_RendersTheNetworkPolicies()
    {
        var manifests = await TemplateAsync(GuideSecurity);

        Assert.Equal([$"{Release}-modules", $"{Release}-workers"], manifests.OfKind("NetworkPolicy").Select(Manifests.NameOf).Order());
        Assert.Empty((await TemplateAsync("guide/production-values.yaml")).OfKind("NetworkPolicy"));
    }

    [Fact]
    public async Task Template_SecurityMasterSwitchOff_NoPoliciesAndNoStandardCheck()
    {
        var manifests = await TemplateAsync(GuideSecurity, "security.enabled=false", "image.securityContext.allowPrivilegeEscalation=true");

        Assert.Empty(manifests.OfKind("NetworkPolicy"));
        Assert.DoesNotContain("pod-security.kubernetes.io", await NotesAsync(GuideSecurity, "security.enabled=false"), StringComparison.Ordinal);
        // rbac and the ServiceAccount do not depend on the switch.
        Assert.NotNull(manifests.Single("ServiceAccount", Release)["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
    }

    [Theory]
    [InlineData(GuideSecurity)]
    [InlineData(GuideLayered)]
    public async Task Template_GuideRbac_GrantsTheAppNoKubernetesApiAccess(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        Assert.DoesNotContain(manifests.All, o => ((string)o["apiVersion"]!).StartsWith("rbac.authorization.k8s.io", StringComparison.Ordinal));
        Assert.False((bool)manifests.Single("ServiceAccount", Release)["automountServiceAccountToken"]!);
        Assert.All(PodSecurity.PodsOf(manifests), p => Assert.False((bool)p.Spec["automountServiceAccountToken"]!, p.Name));
    }

    [Fact]
    public async Task Template_RbacCreateOff_RendersTheSameObjects()
    {
        var on = await TemplateAsync(GuideSecurity);
        var off = await TemplateAsync(GuideSecurity, "security.rbac.create=false");

        Assert.Equal(on.All.Select(Manifests.Describe), off.All.Select(Manifests.Describe));
    }

    [Fact]
    public async Task Template_GuideServiceAccount_IrsaAnnotationOnTheAppsAccountOnly()
    {
        var manifests = await TemplateAsync(GuideSecurity, Pool);

        var role = "arn:aws:iam::ACCOUNT:role/mplp-role";
        Assert.Equal(role, (string?)manifests.Single("ServiceAccount", Release)["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
        Assert.Null(manifests.Single("ServiceAccount", $"{Release}-agent")["metadata"]!["annotations"]);
        Assert.Equal(Release, (string?)PodSpecOf(manifests.Single("Deployment", $"{Release}-plan"))["serviceAccountName"]);
        Assert.Equal($"{Release}-agent", (string?)PodSpecOf(manifests.Single("Deployment", $"{Release}-agent-review"))["serviceAccountName"]);
    }

    [Fact]
    public async Task Template_ServiceAccountCreateOff_PodsRunAsTheNamedAccount()
    {
        var manifests = await TemplateAsync("", "security.serviceAccount.create=false", "security.serviceAccount.name=platform");

        Assert.Empty(manifests.OfKind("ServiceAccount"));
        Assert.All(manifests.OfKind("Deployment"), d => Assert.Equal("platform", (string?)PodSpecOf(d)["serviceAccountName"]));
    }

    [Fact]
    public async Task Template_GuideImageSecurityContext_EqualsTheHardenedDefault()
    {
        var guide = MainContainerOf((await TemplateAsync(GuideSecurity)).Single("Deployment", $"{Release}-core"))["securityContext"];
        var defaults = MainContainerOf((await TemplateAsync()).Single("Deployment", $"{Release}-core"))["securityContext"];

        Assert.True(JsonNode.DeepEquals(guide, defaults), $"{guide} != {defaults}");
    }

    [Fact]
    public async Task Template_ImageSecurityContext_AppliesToEveryContainer()
    {
        var pods = PodSecurity.PodsOf(await TemplateAsync(GuideSecurity, [.. Pool, "image.securityContext.runAsUser=2000"])).ToList();

        Assert.Contains(pods, p => p.Name == $"Pod/{Release}-test-health");
        var containers = pods.SelectMany(p => p.Spec["containers"]!.AsArray());
        Assert.All(containers, c => Assert.Equal(2000L, (long)c!["securityContext"]!["runAsUser"]!));
    }

    [Theory]
    [InlineData("image.securityContext.runAsRoot=true", "runAsRoot")]
    [InlineData("security.podSecurityStandards.enforce=strict", "enforce")]
    [InlineData("security.networkPolicy.enabled=true", "networkPolicy")]
    [InlineData("networkPolicy.enabled=true", "networkPolicy")]
    public async Task Template_SecurityValueAgainstTheSchema_IsRefused(string set, string named)
    {
        var error = await RefusedAsync("", set);

        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
