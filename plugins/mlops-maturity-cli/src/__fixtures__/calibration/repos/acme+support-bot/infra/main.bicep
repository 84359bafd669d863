param location string = resourceGroup().location
param name string = 'support-bot'

resource plan 'Microsoft.Web/serverfarms@2023-01-01' = {
  name: '${name}-plan'
  location: location
  sku: { name: 'B1' }
  kind: 'linux'
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2023-01-01' = {
  name: name
  location: location
  properties: {
    serverFarmId: plan.id
    siteConfig: { linuxFxVersion: 'PYTHON|3.12', appCommandLine: 'uvicorn app.main:app --host 0.0.0.0' }
  }
}
