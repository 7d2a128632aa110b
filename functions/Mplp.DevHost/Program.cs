using Mplp.DevHost;
using Mplp.Functions;

return await DevHostApplication.RunAsync(args, DevHostApplication.DefaultAppDirectory, builder => builder.AddMplpFunctions());
