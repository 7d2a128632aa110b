namespace Mplp.Functions.Tests.Modules;

/// <summary>
/// A host configured as the chart configures the pods of one region of the guide's multi-region install
/// (eu-west-1, not the primary) with the dialog module disabled (mplp.modules.dialog.enabled false).
/// One host serves every class of the collection: starting it is the expensive part.
/// </summary>
public sealed class DeploymentFixture : ApiFixture
{
    public const string Collection = "deployment";
    public const string DisabledModule = "dialog";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Modules__Disabled__0", DisabledModule),
        new("Mplp__Network__Region", "eu-west-1"),
        new("Mplp__Network__Regions__0__Name", "us-east-1"),
        new("Mplp__Network__Regions__0__Primary", "true"),
        new("Mplp__Network__Regions__0__Replicas", "3"),
        new("Mplp__Network__Regions__1__Name", "eu-west-1"),
        new("Mplp__Network__Regions__1__Primary", "false"),
        new("Mplp__Network__Regions__1__Replicas", "2"),
        new("Mplp__Network__Regions__2__Name", "ap-southeast-1"),
        new("Mplp__Network__Regions__2__Primary", "false"),
        new("Mplp__Network__Regions__2__Replicas", "2"),
        new("Mplp__Network__CrossRegionReplication", "true"),
        new("Mplp__Network__LatencyOptimization", "true"),
    ];
}

[CollectionDefinition(DeploymentFixture.Collection)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentFixture>;
