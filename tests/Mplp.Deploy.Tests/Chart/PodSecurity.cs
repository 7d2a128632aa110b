using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// Kubernetes' Pod Security admission at the restricted level (baseline's checks included), applied to
/// rendered pods: an independent reading of the standard, so it also catches what the chart's own
/// render-time check (templates/_security.tpl) would miss.
/// </summary>
public static class PodSecurity
{
    private static readonly HashSet<string> RestrictedVolumeTypes =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly HashSet<string> ConfinedSeccomp = ["RuntimeDefault", "Localhost"];

    /// <summary>Every pod the render would create, named kind/name: workloads' templates and bare pods.</summary>
    public static IEnumerable<(string Name, JsonObject Spec)> PodsOf(Manifests manifests) =>
        manifests.All.Select(o => (Name: Manifests.Describe(o), Spec: (string?)o["kind"] switch
        {
            "Pod" => o["spec"]!.AsObject(),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => ChartRender.PodSpecOf(o),
            "CronJob" => o["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!.AsObject(),
            _ => null,
        })).Where(p => p.Spec is not null).Select(p => (p.Name, p.Spec!));

    /// <summary>Why admission at restricted would refuse the pod; empty when it is admitted.</summary>
    public static IReadOnlyList<string> RestrictedViolations(JsonObject pod)
    {
        var violations = new List<string>();
        var podContext = pod["securityContext"]?.AsObject() ?? [];
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" }.Where(f => IsTrue(pod[f])))
        {
            violations.Add($"{field} is set");
        }

        foreach (var volume in pod["volumes"]?.AsArray() ?? [])
        {
            var type = volume!.AsObject().Select(p => p.Key).Single(k => k != "name");
            if (!RestrictedVolumeTypes.Contains(type))
            {
                violations.Add($"volume {volume["name"]} is of type {type}");
            }
        }

        if (IsZero(podContext["runAsUser"]))
        {
            violations.Add("pod runAsUser is 0");
        }

        var containers = new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(k => pod[k]?.AsArray() ?? []);
        foreach (var container in containers.Select(c => c!.AsObject()))
        {
            violations.AddRange(ContainerViolations(podContext, container).Select(v => $"container {container["name"]}: {v}"));
        }

        return violations;
    }

    private static IEnumerable<string> ContainerViolations(JsonObject podContext, JsonObject container)
    {
        var context = container["securityContext"]?.AsObject() ?? [];
        if (IsTrue(context["privileged"]))
        {
            yield return "privileged";
        }

        if ((container["ports"]?.AsArray() ?? []).Any(p => p!["hostPort"] is not null && (long)p["hostPort"]! != 0))
        {
            yield return "hostPort";
        }

        if (context["allowPrivilegeEscalation"] is not JsonValue escalation || escalation.GetValue<bool>())
        {
            yield return "allowPrivilegeEscalation is not false";
        }

        var nonRoot = IsTrue(context["runAsNonRoot"]) || (IsTrue(podContext["runAsNonRoot"]) && !IsFalse(context["runAsNonRoot"]));
        if (!nonRoot)
        {
            yield return "runAsNonRoot is not true";
        }

        if (IsZero(context["runAsUser"]))
        {
            yield return "runAsUser is 0";
        }

        var seccomp = (string?)context["seccompProfile"]?["type"];
        if (!(ConfinedSeccomp.Contains(seccomp ?? "") || (seccomp is null && ConfinedSeccomp.Contains((string?)podContext["seccompProfile"]?["type"] ?? ""))))
        {
            yield return "seccompProfile is not RuntimeDefault or Localhost";
        }

        var capabilities = context["capabilities"];
        if (!(capabilities?["drop"]?.AsArray() ?? []).Any(c => (string?)c == "ALL"))
        {
            yield return "capabilities do not drop ALL";
        }

        foreach (var added in (capabilities?["add"]?.AsArray() ?? []).Select(c => (string?)c).Where(c => c != "NET_BIND_SERVICE"))
        {
            yield return $"capability {added} added";
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static bool IsFalse(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && !flag;

    private static bool IsZero(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) && number == 0;
}
