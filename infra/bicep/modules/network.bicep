// The private network the app reaches its data through: a virtual network with a subnet the
// Function App integrates with (all its outbound traffic) and a subnet of private endpoints for
// Storage (blob, queue, table), Key Vault and PostgreSQL, each name resolved by a private DNS
// zone linked to the network. With it, none of the three needs a public endpoint.

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param plan string

param name string
param location string
param tags object

@description('Address space of the network; the app and the private endpoints each get a /24 of it.')
param addressPrefix string

param storageAccountId string
param keyVaultId string
param postgresServerId string

// Flex Consumption integrates through Container Apps environments, Elastic Premium through App
// Service plans; each needs its subnet delegated to it.
var appSubnetDelegation = plan == 'FlexConsumption' ? 'Microsoft.App/environments' : 'Microsoft.Web/serverFarms'

// The group id names what the endpoint exposes; the zone is where its private address is published.
var endpoints = [
  {
    groupId: 'blob'
    target: storageAccountId
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    groupId: 'queue'
    target: storageAccountId
    zone: 'privatelink.queue.${environment().suffixes.storage}'
  }
  {
    groupId: 'table'
    target: storageAccountId
    zone: 'privatelink.table.${environment().suffixes.storage}'
  }
  {
    groupId: 'vault'
    target: keyVaultId
    zone: 'privatelink.vaultcore.azure.net'
  }
  {
    groupId: 'postgresqlServer'
    target: postgresServerId
    zone: 'privatelink.postgres.database.azure.com'
  }
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'app'
              properties: {
                serviceName: appSubnetDelegation
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

// One at a time: PostgreSQL accepts one change at a time, and the storage endpoints share a target.
@batchSize(1)
resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for (endpoint, i) in endpoints: {
    name: '${name}-${toLower(endpoint.groupId)}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: vnet.properties.subnets[1].id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.groupId
          properties: {
            privateLinkServiceId: endpoint.target
            groupIds: [
              endpoint.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.groupId
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

output appSubnetId string = vnet.properties.subnets[0].id
