// Azure Database for PostgreSQL flexible server: the system of record. The app connects through a
// private endpoint (network.bicep) as its own login, not the administrator: the login is created
// once with postgres-app-role.sql (see docs/deployment.md). The connection string of that login goes into
// Key Vault, so no password appears in app settings; the administrator's password is stored nowhere.

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

@description('The login the app connects as: owns the database mplp, is no member of azure_pg_admin.')
param appLogin string

@secure()
param appPassword string

@description('Open the public endpoint to operatorIpAddresses (creating the app\'s login from an operator\'s machine).')
param allowPublicNetworkAccess bool

@description('IPv4 addresses the public endpoint admits when it is open.')
param operatorIpAddresses string[]

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
      publicNetworkAccess: allowPublicNetworkAccess ? 'Enabled' : 'Disabled'
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

// No "allow all Azure services" rule (0.0.0.0): it admits every Azure customer's resources. The
// app comes through the private endpoint; operators, only while allowed, from their own addresses.
@batchSize(1)
resource operatorRules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for (address, i) in (allowPublicNetworkAccess ? operatorIpAddresses : []): {
    parent: server
    name: 'operator-${i}'
    properties: {
      startIpAddress: address
      endIpAddress: address
    }
    dependsOn: [
      database
    ]
  }
]

// On by default; pinned so nobody turns it off in the portal without the template noticing.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [
    database
    operatorRules
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
    value: 'Host=${server.properties.fullyQualifiedDomainName};Database=${database.name};Username=${appLogin};Password="${replace(appPassword, '"', '""')}";SSL Mode=Require'
  }
}

output name string = server.name
output id string = server.id
output fqdn string = server.properties.fullyQualifiedDomainName
