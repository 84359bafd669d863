@description('Azure region of the ML platform resources')
param location string = resourceGroup().location

@description('Object id of the AKS workload identity that runs the ZenML steps')
param workloadPrincipalId string

var prefix = 'cbpred'
var tags = {
  service: 'chargeback-predictor'
  team: 'fraud-ml'
  'cost-center': 'CC-4120'
}

// ZenML artifact store: every step output of the training pipeline is versioned here.
resource artifacts 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${prefix}artifacts${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  sku: {
    name: 'Standard_ZRS'
  }
  kind: 'StorageV2'
  properties: {
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: artifacts
  name: 'default'
  properties: {
    isVersioningEnabled: true
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'zenml'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${prefix}-kv-${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
  }
}

// Storage Blob Data Contributor for the pipeline's workload identity.
resource blobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: artifacts
  name: guid(artifacts.id, workloadPrincipalId, 'blob-contributor')
  properties: {
    principalId: workloadPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  }
}

output artifactStorePath string = 'az://${container.name}'
output keyVaultName string = vault.name
