using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Tests.Storage;
using Npgsql;

namespace Mplp.Core.Tests.Modules.Contexts;

/// <summary>A context's trace and status as everything in it sees them, over contexts stored directly.</summary>
public sealed class ContextEventsTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private static string Contexts => ContextModule.Definition.Collection;

    private ContextEvents ContextEvents => storage.ContextEvents;

    [Fact(Timeout = 30_000)]
    public async Task TraceIdAsync_StoredContext_IsItsOwnTrace()
    {
        var (contextId, traceId) = await StoreContextAsync("active");

        Assert.Equal(traceId, await ContextEvents.TraceIdAsync(contextId, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task TraceIdAsync_NoSuchContext_Is422AtContextId()
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => ContextEvents.TraceIdAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal("REFERENCE_NOT_FOUND", refused.Problem.Code);
        Assert.Equal("/context_id", Assert.Single(refused.Problem.Errors!).Path);
    }

    [Fact(Timeout = 30_000)]
    public async Task TraceIdAsync_ContextReadBefore_AnswersWithoutReadingItAgain()
    {
        var (contextId, traceId) = await StoreContextAsync("active");
        await ContextEvents.TraceIdAsync(contextId, CancellationToken.None);
        // Gone from the store, so only what was kept can answer.
        await storage.Documents.DeleteAsync(Contexts, contextId, 1, [], CancellationToken.None);

        Assert.Equal(traceId, await ContextEvents.TraceIdAsync(contextId, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Created_Context_KnowsItsTraceWithoutARead()
    {
        var (contextId, traceId) = (Guid.NewGuid(), Guid.NewGuid());

        ContextEvents.Created(ContextModule.Definition, contextId, Context(contextId, traceId, "active"));

        Assert.Equal(traceId, await ContextEvents.TraceIdAsync(contextId, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Created_ObjectOfAnotherModule_KeepsNothing()
    {
        var id = Guid.NewGuid();

        ContextEvents.Created(PlanModule.Definition, id, Context(id, Guid.NewGuid(), "active"));

        var refused = await Assert.ThrowsAsync<ProblemException>(() => ContextEvents.TraceIdAsync(id, CancellationToken.None));
        Assert.Equal("REFERENCE_NOT_FOUND", refused.Problem.Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task AppendAsync_StoredContext_QueuesTheEventForItsTrace()
    {
        var (contextId, traceId) = await StoreContextAsync("active");

        await ContextEvents.AppendAsync(contextId, "plan", "step.completed", new JsonObject { ["context_id"] = contextId.ToString() }, CancellationToken.None);

        await using var command = storage.DataSource.CreateCommand("SELECT partition_key, event::text FROM outbox WHERE event->'data'->>'context_id' = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = contextId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var queued = JsonNode.Parse(reader.GetString(1))!;
        Assert.Equal(traceId.ToString(), reader.GetString(0));
        Assert.Equal(traceId.ToString(), queued["trace_id"]!.GetValue<string>());
        Assert.Equal("plan", queued["source"]!.GetValue<string>());
        Assert.Equal("step.completed", queued["event_type"]!.GetValue<string>());
        Assert.False(await reader.ReadAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task RequireActiveAsync_ActiveContext_Passes()
    {
        var (contextId, _) = await StoreContextAsync("active");

        await ContextEvents.RequireActiveAsync(contextId, PlanModule.Definition, "in_progress", CancellationToken.None);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("draft")]
    [InlineData("suspended")]
    public async Task RequireActiveAsync_InactiveContext_Is409NamingItsStatus(string status)
    {
        var (contextId, _) = await StoreContextAsync(status);

        var refused = await Assert.ThrowsAsync<ProblemException>(
            () => ContextEvents.RequireActiveAsync(contextId, PlanModule.Definition, "in_progress", CancellationToken.None));

        Assert.Equal("CONTEXT_NOT_ACTIVE", refused.Problem.Code);
        Assert.Equal($"A plan becomes 'in_progress' only in an active context; its context is '{status}'.", refused.Problem.Detail);
    }

    [Fact(Timeout = 30_000)]
    public async Task RequireActiveAsync_NoSuchContext_Is409NamingItGone()
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(
            () => ContextEvents.RequireActiveAsync(Guid.NewGuid(), PlanModule.Definition, "in_progress", CancellationToken.None));

        Assert.Equal("CONTEXT_NOT_ACTIVE", refused.Problem.Code);
        Assert.EndsWith("its context is 'gone'.", refused.Problem.Detail);
    }

    private async Task<(Guid ContextId, Guid TraceId)> StoreContextAsync(string status)
    {
        var (contextId, traceId) = (Guid.NewGuid(), Guid.NewGuid());
        await storage.Documents.InsertAsync(Contexts, new DocumentRow(contextId, contextId, status, Context(contextId, traceId, status)), [], CancellationToken.None);
        return (contextId, traceId);
    }

    /// <summary>Only what the service reads of a context: its id, status and trace binding.</summary>
    private static JsonObject Context(Guid contextId, Guid traceId, string status) => new()
    {
        ["context_id"] = contextId.ToString(),
        ["status"] = status,
        ["trace"] = new JsonObject { ["trace_id"] = traceId.ToString() },
    };
}
