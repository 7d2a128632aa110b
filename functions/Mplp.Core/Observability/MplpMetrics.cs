using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Mplp.Core.Modules.CoreManifest;

namespace Mplp.Core.Observability;

/// <summary>
/// The platform's metrics, named as the seed names them (so Prometheus rules and dashboards use
/// these names as they are): one Meter, <see cref="MplpTelemetry.Name"/>, shared by every exporter.
/// Counters are per instance; Prometheus adds the instances up.
/// </summary>
public sealed class MplpMetrics
{
    public const string HttpRequests = "mplp_http_requests_total";
    public const string HttpRequestDuration = "mplp_http_request_duration_seconds";
    public const string AuthFailures = "mplp_auth_failures_total";
    public const string RbacViolations = "mplp_rbac_violations_total";
    public const string PlanExecutions = "mplp_plan_executions_total";
    public const string PlanExecutionFailures = "mplp_plan_execution_failures_total";
    public const string ApprovalProcessingTime = "mplp_approval_processing_time";
    public const string TraceEvents = "mplp_trace_events_total";
    public const string EventsDeadLettered = "mplp_events_dead_lettered_total";

    /// <summary>Request latencies: 5 ms to 10 s, the range a 500 ms p95 target needs resolved.</summary>
    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Approvals wait for people: a second to a day.</summary>
    private static readonly double[] ApprovalBuckets = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 14400, 86400];

    /// <summary>Status codes as label values, made once (a label is a string).</summary>
    private static readonly string[] StatusLabels = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _rbacViolations;
    private readonly Counter<long> _planExecutions;
    private readonly Counter<long> _planExecutionFailures;
    private readonly Histogram<double> _approvalTime;
    private readonly Counter<long> _traceEvents;
    private readonly Counter<long> _eventsDeadLettered;
    private readonly FrozenDictionary<string, Counter<long>> _moduleOperations;

    public MplpMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MplpTelemetry.Name);
        _requests = meter.CreateCounter<long>(HttpRequests, null, "HTTP requests answered, by method, status code and handler (the function's name).");
        _requestDuration = meter.CreateHistogram(HttpRequestDuration, "s", "Time to answer an HTTP request, by handler and method.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        _authFailures = meter.CreateCounter<long>(AuthFailures, null, "Requests refused for want of valid credentials (401), by handler.");
        _rbacViolations = meter.CreateCounter<long>(RbacViolations, null, "Requests refused for want of a capability or role (403), by handler.");
        _planExecutions = meter.CreateCounter<long>(PlanExecutions, null, "Plan executions ended, by status (completed, failed, cancelled).");
        _planExecutionFailures = meter.CreateCounter<long>(PlanExecutionFailures, null, "Plan executions that ended failed.");
        _approvalTime = meter.CreateHistogram(ApprovalProcessingTime, "s", "From a confirm's requested_at to its resolution, by status.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = ApprovalBuckets });
        _traceEvents = meter.CreateCounter<long>(TraceEvents, null, "MPLP trace events committed to the outbox; its rate is the trace events per second.");
        _eventsDeadLettered = meter.CreateCounter<long>(EventsDeadLettered, null, "Trace events the event log refused too often, set aside as dead letters (GET /api/v1/events/dead-letters).");
        _moduleOperations = CoreModule.ProtocolModules.ToFrozenDictionary(
            module => module,
            module => meter.CreateCounter<long>(ModuleOperations(module), null, $"HTTP operations of the {module} module, by handler and status code."));
    }

    /// <summary><c>mplp_&lt;module&gt;_operations_total</c>, e.g. <c>mplp_plan_operations_total</c>.</summary>
    public static string ModuleOperations(string module) => $"mplp_{module}_operations_total";

    /// <param name="module">The module whose function answered, if any (health and metrics have none).</param>
    public void RequestAnswered(string handler, string method, int status, TimeSpan elapsed, string? module)
    {
        var statusLabel = status is >= 0 and < 600 ? StatusLabels[status] : status.ToString(CultureInfo.InvariantCulture);
        _requests.Add(1, new TagList { { "method", method }, { "status", statusLabel }, { "handler", handler } });
        _requestDuration.Record(elapsed.TotalSeconds, new TagList { { "handler", handler }, { "method", method } });
        if (status == 401)
        {
            _authFailures.Add(1, new KeyValuePair<string, object?>("handler", handler));
        }
        else if (status == 403)
        {
            _rbacViolations.Add(1, new KeyValuePair<string, object?>("handler", handler));
        }

        if (module is not null && _moduleOperations.TryGetValue(module, out var operations))
        {
            operations.Add(1, new TagList { { "handler", handler }, { "status", statusLabel } });
        }
    }

    public void PlanExecutionEnded(string status)
    {
        _planExecutions.Add(1, new KeyValuePair<string, object?>("status", status));
        if (status == "failed")
        {
            _planExecutionFailures.Add(1);
        }
    }

    public void ApprovalResolved(TimeSpan elapsed, string status)
        => _approvalTime.Record(Math.Max(0, elapsed.TotalSeconds), new KeyValuePair<string, object?>("status", status));

    public void TraceEventsWritten(int count) => _traceEvents.Add(count);

    public void EventDeadLettered() => _eventsDeadLettered.Add(1);
}
