// Azure Database for PostgreSQL flexible server: the system of record. It also writes its own
// connection string into Key Vault, so the password never appears in app settings.

param name string
param location string
param tags object

param skuName string
param skuTier string
param version string
param storageSizeGB int

param databaseName string
param adminLogin string

@secure()
param adminPassword string

@description('Vault that receives the connection string secret.')
param keyVaultName string

@description('Secret name; the app maps "--" to ":", so this becomes a configuration key.')
param connectionStringSecretName string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: adminLogin
    administratorLoginPassword: adminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The server accepts one change at a time ("ServerBusy" otherwise), so the child resources
// below are chained with dependsOn instead of being created in parallel.
resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0-0.0.0.0 is the documented rule for "allow public access from any Azure service":
// Functions on these plans have no fixed outbound addresses without a virtual network.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

// On by default; pinned so nobody turns it off in the portal without the template noticing.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [
    allowAzure
  ]
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// The password is quoted (with inner quotes doubled) so that ';' or '=' in it cannot break
// the Npgsql connection string.
resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: connectionStringSecretName
  properties: {
    contentType: 'Npgsql connection string'
    value: 'Host=${server.properties.fullyQualifiedDomainName};Database=${database.name};Username=${adminLogin};Password="${replace(adminPassword, '"', '""')}";SSL Mode=Require'
  }
}

output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
