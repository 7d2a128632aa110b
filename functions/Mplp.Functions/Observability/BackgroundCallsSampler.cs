using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Mplp.Functions.Observability;

/// <summary>
/// Samples every trace except those a client call would start on its own: the dispatcher's,
/// queue listeners' and the Durable backend's polling (PostgreSQL, storage, gRPC), many a second,
/// none of them part of a request or a message. Spans with a parent follow the parent
/// (<see cref="ParentBasedSampler"/>), so work done for a request is traced in full.
/// </summary>
internal sealed class BackgroundCallsSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        => new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
