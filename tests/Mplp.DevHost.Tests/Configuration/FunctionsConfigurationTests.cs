using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Configuration;

namespace Mplp.DevHost.Tests.Configuration;

public sealed class FunctionsConfigurationTests : IDisposable
{
    private readonly string _appDirectory = Directory.CreateTempSubdirectory("devhost-config-").FullName;

    [Fact(Timeout = 5_000)]
    public async Task Apply_LocalSettingsEnvironmentAndArgs_LaterSourcesWin()
    {
        await File.WriteAllTextAsync(Path.Combine(_appDirectory, "local.settings.json"), """
            {
              "IsEncrypted": false,
              "Values": {
                "Section__FromFile": "file",
                "DevHostTestOverridden": "file",
                "DevHostTestArgument": "file"
              }
            }
            """);
        var variable = "DevHostTestOverridden";
        Environment.SetEnvironmentVariable(variable, "environment");
        try
        {
            var configuration = new ConfigurationManager();
            FunctionsConfiguration.Apply(
                configuration,
                _appDirectory,
                ["--DevHostTestArgument", "argument", "--port", "0"],
                [new("Section:FromFile", "default"), new("Only:Default", "default")]);

            Assert.Equal("file", configuration["Section:FromFile"]);
            Assert.Equal("environment", configuration[variable]);
            Assert.Equal("argument", configuration["DevHostTestArgument"]);
            Assert.Equal("0", configuration["DevHost:Port"]);
            Assert.Equal("default", configuration["Only:Default"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void ReadLocalSettings_NoFile_IsEmpty()
    {
        Assert.Empty(FunctionsConfiguration.ReadLocalSettings(_appDirectory));
    }

    public void Dispose() => Directory.Delete(_appDirectory, recursive: true);
}
