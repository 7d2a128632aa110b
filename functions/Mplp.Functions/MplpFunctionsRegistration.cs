using Microsoft.Extensions.Hosting;

namespace Mplp.Functions;

/// <summary>
/// The one place the app's services are registered. Program.cs (Functions host) and the dev host
/// both call it, so a function behaves the same under either host.
/// </summary>
public static class MplpFunctionsRegistration
{
    public static IHostApplicationBuilder AddMplpFunctions(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
