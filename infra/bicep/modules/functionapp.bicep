// The hosting plan and the Linux Function App (.NET 10 isolated worker, Functions v4).
//
// Flex Consumption (FC1) declares its runtime, scale and deployment package in
// functionAppConfig and rejects the older settings that carried them (FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, siteConfig.linuxFxVersion, ftpsState...),
// so those are only sent to Elastic Premium (EP1).

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param plan string

param planName string
param appName string
param location string
param tags object

@description('App settings shared by both plans, as name: value.')
param appSettings object

@description('https://<account>.blob.core.windows.net/<container>: where the app package lives.')
param packageContainerUrl string

@description('Flex Consumption: the most instances the app scales out to.')
param maximumInstanceCount int

@description('Flex Consumption: memory per instance, in MB.')
param instanceMemoryMB int

@description('Elastic Premium: the most instances the plan bursts to.')
param maximumElasticWorkerCount int

@description('Subnet the app integrates with: its storage, vault and database are reached through it.')
param subnetId string

var isFlex = plan == 'FlexConsumption'

// Elastic Premium cannot use an Azure Files content share without a storage key, and the
// account has keys disabled; the documented keyless alternative is to run from a package URL
// in a private blob container, fetched with the app's managed identity.
var premiumPackageUrl = '${packageContainerUrl}/mplp-functions.zip'

var planSettings = isFlex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
      WEBSITE_RUN_FROM_PACKAGE: premiumPackageUrl
    }

var settings = union(appSettings, planSettings)

var siteConfigCommon = {
  minTlsVersion: '1.2'
  appSettings: map(items(settings), setting => {
    name: setting.key
    value: setting.value
  })
}

var siteConfigPremium = {
  linuxFxVersion: 'DOTNET-ISOLATED|10.0'
  ftpsState: 'Disabled'
  // Flex Consumption routes everything through its subnet; Premium must be told to, or the package
  // fetch and storage calls would go out to public endpoints that are closed.
  vnetRouteAllEnabled: true
}

resource hostingPlan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'EP1'
        tier: 'ElasticPremium'
      }
  properties: {
    // Linux.
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : maximumElasticWorkerCount
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: hostingPlan.id
    httpsOnly: true
    virtualNetworkSubnetId: subnetId
    siteConfig: isFlex ? siteConfigCommon : union(siteConfigCommon, siteConfigPremium)
    functionAppConfig: isFlex
      ? {
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          deployment: {
            storage: {
              type: 'blobContainer'
              value: packageContainerUrl
              authentication: {
                type: 'SystemAssignedIdentity'
              }
            }
          }
        }
      : null
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
output premiumPackageUrl string = isFlex ? '' : premiumPackageUrl
