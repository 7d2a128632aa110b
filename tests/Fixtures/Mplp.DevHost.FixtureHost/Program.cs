using Mplp.DevHost;
using Mplp.DevHost.FixtureApp;

return await DevHostApplication.RunAsync(args, DevHostApplication.DefaultAppDirectory, builder => builder.AddFixtureFunctions());
