// Key Vault for the app's secrets. Access is Azure RBAC only (no access policies), so the same
// role assignments that govern the rest of the resource group govern the secrets. The app reads it
// through a private endpoint (network.bicep); the public endpoint is off unless allowed.

param name string
param location string
param tags object

@description('Open the public endpoint to operatorIpAddresses (reading secrets from an operator\'s machine).')
param allowPublicNetworkAccess bool

@description('IPv4 addresses the public endpoint admits when it is open.')
param operatorIpAddresses string[]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection cannot be turned off again; it keeps a deleted vault (and the database
    // password in it) recoverable for the retention period.
    enablePurgeProtection: true
    publicNetworkAccess: allowPublicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Deny'
      ipRules: [
        for address in operatorIpAddresses: {
          value: address
        }
      ]
    }
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
