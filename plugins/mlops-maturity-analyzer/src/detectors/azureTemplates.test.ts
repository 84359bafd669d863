import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

const containerApp = `param name string
param location string = resourceGroup().location
param containerMinReplicas int = 1
param containerMaxReplicas int = 10
param appInsightsConnectionString string

resource app 'Microsoft.App/containerApps@2023-05-01' = {
  name: name
  location: location
  properties: {
    configuration: {
      ingress: { external: true, targetPort: 8000 }
    }
    template: {
      containers: [
        {
          name: 'api'
          image: 'acme.azurecr.io/chat-api:latest'
          env: [
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
          ]
        }
      ]
      scale: {
        minReplicas: containerMinReplicas
        maxReplicas: containerMaxReplicas
      }
    }
  }
}
`;

describe('Bicep and ARM', () => {
  it('recognises the Container App the templates deploy, its scale rule and the Application Insights it reports to', async () => {
    const facts = await analyzeFiles({
      'infra/main.bicep': `targetScope = 'resourceGroup'
module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
}
module api 'app/api.bicep' = {
  name: 'api'
  params: {
    name: 'chat-api'
    appInsightsConnectionString: monitoring.outputs.connectionString
  }
}
`,
      'infra/app/api.bicep': containerApp,
      'infra/core/monitoring.bicep': `resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-chat'
  location: resourceGroup().location
  kind: 'web'
  properties: { Application_Type: 'web' }
}
output connectionString string = appInsights.properties.ConnectionString
`,
      'infra/core/ml-online-endpoint.bicep': `resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2023-10-01' = {
  name: 'unused'
  properties: { authMode: 'Key' }
}
`,
    });
    const serving = signalsOf(facts, 'serving');
    expect(serving).toHaveLength(1);
    expect(serving[0]).toMatchObject({
      tool: 'azure-container-apps',
      path: 'infra/app/api.bicep',
      attributes: {
        platform: 'azure-container-apps',
        declaredIn: 'bicep',
        orchestrated: true,
        autoscaling: {
          minReplicas: 1,
          maxReplicas: 10,
          via: 'Microsoft.App/containerApps scale settings',
        },
      },
    });
    expect(
      signalsOf(facts, 'monitoring-config', 'azure-monitor')[0].detail,
    ).toBe(
      'infra/core/monitoring.bicep provisions Application Insights and the app receives its connection string as `APPLICATIONINSIGHTS_CONNECTION_STRING` (infra/app/api.bicep)',
    );
  });

  it('rejects Application Insights no app is told about', async () => {
    const facts = await analyzeFiles({
      'infra/main.bicep': `resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-chat'
  location: resourceGroup().location
  kind: 'web'
  properties: { Application_Type: 'web' }
}
`,
    });
    expect(signalsOf(facts, 'monitoring-config')).toHaveLength(0);
    expect(rejectionsOf(facts, 'monitoring-config')[0].reason).toMatch(
      /no app setting or container environment variable passes its connection string/,
    );
  });

  it('reads an online endpoint that splits traffic between deployments, and skips function apps', async () => {
    const facts = await analyzeFiles({
      'azuredeploy.json': JSON.stringify({
        $schema:
          'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { maxInstances: { type: 'int', defaultValue: 4 } },
        resources: [
          {
            type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
            apiVersion: '2023-10-01',
            name: 'mlw-fraud/fraud',
            properties: { authMode: 'Key', traffic: { blue: 90, green: 10 } },
          },
          {
            type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
            apiVersion: '2023-10-01',
            name: 'mlw-fraud/fraud/green',
            properties: {
              endpointComputeType: 'Managed',
              scaleSettings: {
                scaleType: 'TargetUtilization',
                minInstances: 1,
                maxInstances: "[parameters('maxInstances')]",
              },
            },
          },
          {
            type: 'Microsoft.Web/sites',
            apiVersion: '2022-09-01',
            name: 'func-ingest',
            kind: 'functionapp,linux',
          },
        ],
      }),
    });
    const [endpoint] = signalsOf(facts, 'serving', 'azureml');
    expect(endpoint.attributes).toMatchObject({
      platform: 'azureml-online-endpoint',
      declaredIn: 'arm',
      autoscaling: { minReplicas: 1, maxReplicas: 4 },
    });
    expect(signalsOf(facts, 'serving', 'azure-app-service')).toHaveLength(0);
    expect(signalsOf(facts, 'progressive-rollout', 'azureml')[0].detail).toBe(
      'Azure ML online endpoint `mlw-fraud/fraud` in azuredeploy.json splits traffic blue 90%, green 10%',
    );
  });
});
