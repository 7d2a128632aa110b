using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Tests.Timers;

public sealed class TimerTriggerTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection([new("Schedules:Sweep", "*/15 * * * * *")])
        .Build();

    [Fact]
    public void From_SettingExpressionAndRunOnStartup_AreRead()
    {
        var trigger = TimerTrigger.From(Describe(SampleTimerFunctions.Metadata("Slow", "%Schedules__Sweep%", runOnStartup: true)), Settings, TimeZoneInfo.Utc);

        Assert.True(trigger.RunOnStartup);
        Assert.Equal("*/15 * * * * *", trigger.Schedule.ToString());
        Assert.Equal("schedule '*/15 * * * * *' (UTC), runs on start-up", trigger.ToString());
    }

    [Fact]
    public void From_NoRunOnStartup_DoesNotRunOnStartup()
    {
        var trigger = TimerTrigger.From(Describe(SampleTimerFunctions.Metadata("Slow", "00:00:30")), Settings, TimeZoneInfo.Utc);

        Assert.False(trigger.RunOnStartup);
        Assert.Equal("schedule '00:00:30' (UTC)", trigger.ToString());
    }

    [Theory]
    [InlineData("not a schedule", "NCRONTAB")]
    [InlineData("%Schedules__Missing%", "Schedules__Missing")]
    public void From_BadSchedule_NamesTheFunction(string schedule, string reason)
    {
        var refused = Assert.Throws<InvalidOperationException>(
            () => TimerTrigger.From(Describe(SampleTimerFunctions.Metadata("Slow", schedule)), Settings, TimeZoneInfo.Utc));

        Assert.Contains("'Slow'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_TimerFunction_IsATimerAndCanBeDisabled()
    {
        var metadata = SampleTimerFunctions.Metadata("Slow", "* * * * * *");
        IConfiguration disabled = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobs.Slow.Disabled", "true")]).Build();

        Assert.Equal(FunctionKind.Timer, Describe(metadata).Kind);
        Assert.Empty(FunctionCatalog.Load([metadata], disabled));
    }

    private static FunctionDescriptor Describe(FunctionMetadata metadata) => Assert.Single(FunctionCatalog.Load([metadata], Settings));
}
