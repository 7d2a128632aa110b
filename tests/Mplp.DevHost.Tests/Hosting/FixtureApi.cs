using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>The fixture app's orchestration endpoints (StartOrchestration, RaiseEvent, GetOrchestration) as a client.</summary>
public sealed class FixtureApi(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public async Task<string> StartAsync(string orchestrator, object? input, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"api/orchestrations/{orchestrator}", input, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("instanceId").GetString()!;
    }

    public async Task RaiseAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"api/orchestrations/{instanceId}/events/{eventName}", payload, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task<OrchestrationStatus?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/orchestrations/{instanceId}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<OrchestrationStatus>(cancellationToken);
    }

    public Task<OrchestrationStatus> WaitForAsync(string instanceId, Func<OrchestrationStatus, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
        => Eventually.WaitAsync(
            async () => await GetAsync(instanceId, cancellationToken) is { } status && condition(status) ? status : null,
            timeout,
            $"orchestration {instanceId}",
            cancellationToken);

    public void Dispose() => _http.Dispose();
}

public sealed record OrchestrationStatus(
    string InstanceId,
    string Name,
    string RuntimeStatus,
    string? CustomStatus,
    string? Output,
    string? FailureType,
    string? FailureMessage)
{
    public bool IsTerminal => RuntimeStatus is "Completed" or "Failed" or "Terminated";
}
