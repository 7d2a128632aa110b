using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Mplp.DevHost.FixtureApp.Http;

/// <summary>HTTP functions covering route constraints, optional values, bodies, return types and failures.</summary>
public sealed class ItemFunctions(Greeter greeter)
{
    [Function("GetItem")]
    public IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:guid}")] HttpRequest request,
        Guid id)
        => new OkObjectResult(new { id, greeting = greeter.Greet(request.Query["name"]) });

    /// <summary>A plain object result: the host serializes it as JSON.</summary>
    [Function("GetPage")]
    public PageResult GetPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/{number:int?}")] HttpRequest request,
        int? number)
        => new(number ?? 1, request.Query.ContainsKey("size") ? int.Parse(request.Query["size"]!, System.Globalization.CultureInfo.InvariantCulture) : 10);

    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "echo")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return new ContentResult { Content = body, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };
    }

    [Function("Ping")]
    public static string Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest request) => "pong";

    /// <summary>No route: the function name is the route, as under the Functions host.</summary>
    [Function("WhoAmI")]
    public static IActionResult WhoAmI(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request,
        FunctionContext context)
    {
        context.GetLogger("WhoAmI").LogInformation("WhoAmI called");
        return new OkObjectResult(new
        {
            function = context.FunctionDefinition.Name,
            sameRequest = ReferenceEquals(context.GetHttpContext()?.Request, request),
        });
    }

    [Function("Fail")]
    public static IActionResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail")] HttpRequest request)
        => throw new InvalidOperationException("The fixture fails on purpose.");
}

public sealed record PageResult(int Number, int Size);
