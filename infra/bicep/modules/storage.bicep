// The Functions host account: Durable task hub, agent queues, the Table event log and the
// deployment package. Keyless: everything reaches it with Entra ID (managed identity), and the app
// through private endpoints (network.bicep); the public endpoint is off unless allowed.

param name string
param location string
param tags object

@description('Blob container that holds the app package.')
param packageContainerName string

@description('Open the public endpoint to operatorIpAddresses (uploads from an operator\'s machine).')
param allowPublicNetworkAccess bool

@description('IPv4 addresses the public endpoint admits when it is open.')
param operatorIpAddresses string[]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: allowPublicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Deny'
      ipRules: [
        for address in operatorIpAddresses: {
          value: address
          action: 'Allow'
        }
      ]
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: packageContainerName
  properties: {
    publicAccess: 'None'
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output packageContainerUrl string = '${account.properties.primaryEndpoints.blob}${packageContainer.name}'
