using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Mplp.Core.Modules.EvidencePacks;

namespace Mplp.Core.Tests.Modules.EvidencePacks;

public sealed class PackTimelineTests
{
    [Theory]
    [InlineData("2026-01-09T01:00:00.123456+01:00", "2026-01-09T00:00:00.123Z")]
    [InlineData("2026-01-09T00:00:00Z", "2026-01-09T00:00:00.000Z")]
    [InlineData("2026-01-09T00:00:00.5Z", "2026-01-09T00:00:00.500Z")]
    public void NormalizeTimestamp_AnyIsoForm_UtcWithMilliseconds(string raw, string expected)
        => Assert.Equal(expected, PackTimeline.NormalizeTimestamp(raw));

    [Fact]
    public void NormalizeTimestamp_NotATime_KeptAsItWas()
        => Assert.Equal("yesterday", PackTimeline.NormalizeTimestamp("yesterday"));

    [Fact]
    public void Write_LoggedEvent_EventFieldsThenSourceModulePayloadAndFacts()
    {
        var entry = JsonNode.Parse("""{"data":{"a":1},"source":"plan","event_id":"e1","timestamp":"2026-01-09T00:00:00Z","event_type":"plan.created"}""")!.AsObject();
        var output = new ArrayBufferWriter<byte>();

        PackTimeline.Write(output, entry, [new KeyValuePair<string, string>("to_state", "completed")]);

        Assert.Equal(
            """{"data":{"a":1},"source":"plan","event_id":"e1","timestamp":"2026-01-09T00:00:00.000Z","event_type":"plan.created","source_module":"plan","payload":{"a":1},"to_state":"completed"}""" + "\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
