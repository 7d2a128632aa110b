// MPLP Functions on Azure: a Linux Function App (Flex Consumption or Elastic Premium) with a
// system-assigned identity, keyless storage, PostgreSQL flexible server, Key Vault (RBAC) and
// Application Insights. The app reaches storage, vault and database through private endpoints in
// its own virtual network; their public endpoints are off unless allowPublicNetworkAccess.
// Deploy into an existing resource group; see "Azure Functions (Bicep)" in docs/deployment.md.

targetScope = 'resourceGroup'

@description('Prefix of every resource name: lower-case letters and digits, starting with a letter.')
@minLength(2)
@maxLength(9)
param name string = 'mplp'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Hosting plan: Flex Consumption (FC1, serverless) or Elastic Premium (EP1, always warm).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param plan string = 'FlexConsumption'

@description('Flex Consumption: the most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Elastic Premium: the most instances the plan bursts to.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 20

@description('PostgreSQL compute size, e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL tier; must match postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL major version.')
@allowed([
  '14'
  '15'
  '16'
])
param postgresVersion string = '16'

@description('PostgreSQL storage in GB.')
@allowed([
  32
  64
  128
  256
  512
  1024
  2048
  4096
])
param postgresStorageSizeGB int = 32

@description('PostgreSQL administrator login (not azure_superuser, admin, root, guest or public).')
param postgresAdminLogin string = 'mplpadmin'

@description('PostgreSQL administrator password: 8-128 characters from three of upper case, lower case, digits and symbols (the server checks).')
@secure()
@maxLength(128)
param postgresAdminPassword string

@description('The login the app connects to PostgreSQL as (created once with postgres-app-role.sql); never the administrator.')
param postgresAppLogin string = 'mplp_app'

@description('Password of postgresAppLogin: 8-128 characters; stored only in Key Vault, inside the connection string.')
@secure()
@minLength(8)
@maxLength(128)
param postgresAppPassword string

@description('Open the public endpoints of Storage, Key Vault and PostgreSQL to operatorIpAddresses, e.g. for the one-time database step or an Elastic Premium package upload. The app never needs them.')
param allowPublicNetworkAccess bool = false

@description('IPv4 addresses (no ranges) admitted by the public endpoints while allowPublicNetworkAccess is true.')
param operatorIpAddresses string[] = []

@description('Address space of the app\'s virtual network (at least a /23): a /24 for the app, a /24 for the private endpoints.')
param vnetAddressPrefix string = '10.20.0.0/16'

@description('OIDC issuer whose bearer tokens the API accepts, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0.')
param authAuthority string

@description('The aud every token must carry (for Entra ID v2 tokens: the API app registration\'s client id).')
param authAudience string = 'mplp'

@description('Principals (token oid or sub) that hold every capability: how the installation gets its first administrator.')
param authAdmins string[] = []

@description('The operator console\'s client id at the authority (a single-page app registration with redirect URI https://<app>/console/); empty: the console at /console takes no sign-in (docs/console.md).')
param consoleClientId string = ''

@description('Scopes the console asks for, e.g. api://mplp/.default (tokens for the API\'s audience).')
param consoleScopes string[] = []

@description('Tags for every resource.')
param tags object = {}

// Globally unique names need a suffix; uniqueString of the resource group keeps them stable
// across redeployments. Storage and Key Vault allow 24 characters: 9 + 2 + 13.
// PostgreSQL and Storage names must be lower case.
var suffix = uniqueString(resourceGroup().id)
var prefix = toLower(name)
var compactPrefix = replace(prefix, '-', '')
var names = {
  plan: '${prefix}-plan-${suffix}'
  functionApp: '${prefix}-func-${suffix}'
  storage: take('${compactPrefix}st${suffix}', 24)
  keyVault: take('${compactPrefix}kv${suffix}', 24)
  postgres: '${prefix}-pg-${suffix}'
  workspace: '${prefix}-log-${suffix}'
  appInsights: '${prefix}-appi-${suffix}'
  vnet: '${prefix}-vnet-${suffix}'
}

var packageContainerName = 'app-package'
var databaseName = 'mplp'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    packageContainerName: packageContainerName
    allowPublicNetworkAccess: allowPublicNetworkAccess
    operatorIpAddresses: operatorIpAddresses
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    allowPublicNetworkAccess: allowPublicNetworkAccess
    operatorIpAddresses: operatorIpAddresses
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: names.postgres
    location: location
    tags: tags
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    version: postgresVersion
    storageSizeGB: postgresStorageSizeGB
    databaseName: databaseName
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
    appLogin: postgresAppLogin
    appPassword: postgresAppPassword
    allowPublicNetworkAccess: allowPublicNetworkAccess
    operatorIpAddresses: operatorIpAddresses
    keyVaultName: keyVault.outputs.name
    connectionStringSecretName: 'Mplp--Postgres--ConnectionString'
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    plan: plan
    name: names.vnet
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    storageAccountId: storage.outputs.id
    keyVaultId: keyVault.outputs.id
    postgresServerId: postgres.outputs.id
  }
}

// Configuration binds arrays from numbered keys, so each administrator is its own setting.
var adminSettings = toObject(range(0, length(authAdmins)), i => 'Mplp__Auth__Admins__${i}', i => authAdmins[i])
// The console is in the app's package and served by it (with its CSP); these tell it how to sign in.
var consoleSettings = union(
  empty(consoleClientId) ? {} : { Mplp__Console__ClientId: consoleClientId },
  toObject(range(0, length(consoleScopes)), i => 'Mplp__Console__Scopes__${i}', i => consoleScopes[i])
)

var appSettings = union(
  {
    // Identity-based host storage: also used by the Durable task hub and the queue triggers.
    AzureWebJobsStorage__accountName: storage.outputs.name
    APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // The PostgreSQL connection string comes from here (secret Mplp--Postgres--ConnectionString).
    Mplp__KeyVault__Uri: keyVault.outputs.uri
    Mplp__Storage__TableServiceUri: storage.outputs.tableEndpoint
    Mplp__Storage__QueueServiceUri: storage.outputs.queueEndpoint
    Mplp__Agents__ResultsQueue: 'mplp-agent-results'
    // Without an issuer no token is accepted, and nobody could issue the first API key:
    // refuse to deploy rather than deploy an app nobody can use.
    Mplp__Auth__Authority: empty(authAuthority) ? fail('Set authAuthority: the OIDC issuer URL whose tokens the API accepts (for Entra ID, <login endpoint>/<tenant-id>/v2.0).') : authAuthority
    Mplp__Auth__Audience: authAudience
  },
  adminSettings,
  consoleSettings
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    plan: plan
    planName: names.plan
    appName: names.functionApp
    location: location
    tags: tags
    appSettings: appSettings
    packageContainerUrl: storage.outputs.packageContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    maximumElasticWorkerCount: maximumElasticWorkerCount
    subnetId: network.outputs.appSubnetId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output keyVaultName string = keyVault.outputs.name
output postgresServerFqdn string = postgres.outputs.fqdn
@description('The login to create once with postgres-app-role.sql before the app starts.')
output postgresAppLogin string = postgresAppLogin
output storageAccountName string = storage.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
@description('Elastic Premium only: upload the app zip here (empty on Flex Consumption).')
output packageUrl string = functionApp.outputs.premiumPackageUrl
