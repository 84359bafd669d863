import { ServingPlatformAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { findBlocks } from '../parsing/blocks';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
} from '../parsing/paths';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  getPath,
  YamlMap,
} from '../parsing/yaml';
import { alertResources } from './alertResources';
import { platformAttributes } from './servingCode';
import { code, Findings, listForHumans } from './types';

interface AzureResource {
  type: string;
  name: string;
  /** Bicep body text, or the ARM resource as JSON. */
  body: string;
  /** A property's value with parameters resolved to their defaults. */
  value(path: string): string | undefined;
}

const PLATFORMS: Array<{
  type: string;
  tool: string;
  platform: string;
  what: string;
}> = [
  {
    type: 'Microsoft.App/containerApps',
    tool: 'azure-container-apps',
    platform: 'azure-container-apps',
    what: 'Azure Container App',
  },
  {
    type: 'Microsoft.Web/sites',
    tool: 'azure-app-service',
    platform: 'azure-app-service',
    what: 'App Service web app',
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    tool: 'azureml',
    platform: 'azureml-online-endpoint',
    what: 'Azure ML online endpoint',
  },
];

/* ----------------------------------------------------------------- Bicep */

function bicepParameters(text: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const m of text.matchAll(
    /^\s*param\s+(\w+)\s+\w+\s*=\s*('([^']*)'|[^\n]+)/gm,
  )) {
    defaults.set(m[1], m[3] ?? m[2].trim());
  }
  return defaults;
}

function bicepResources(text: string): AzureResource[] {
  const parameters = bicepParameters(text);
  return findBlocks(
    text,
    /resource\s+(\w+)\s+'([^'@]+)@[^']*'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{/g,
  ).map(block => ({
    type: block.match[2],
    name: block.match[1],
    body: block.body,
    value: (path: string) => {
      const key = path.split('.').pop()!;
      const match = block.body.match(
        new RegExp(`(?:^|\\n)\\s*${key}\\s*:\\s*([^\\n]+)`),
      );
      const raw = match?.[1].trim().replace(/^'(.*)'$/, '$1');
      return raw !== undefined ? parameters.get(raw) ?? raw : undefined;
    },
  }));
}

/** Module files a Bicep file deploys (`module x './app/api.bicep' = {...}`). */
function bicepModules(path: string, text: string): string[] {
  return [...text.matchAll(/^\s*module\s+\w+\s+'([^']+\.bicep)'/gm)]
    .map(m => joinRepoPath(dirnameOf(path), m[1]))
    .filter((p): p is string => p !== undefined);
}

/**
 * Bicep files that are deployed: the entry templates (`main.bicep`, or one a script or CI
 * file names) and every module they reach; without an entry template, every file. Template libraries (the azd `core/` modules)
 * often ship modules nothing uses.
 */
function deployedBicep(files: RepoFileSet): Set<string> {
  const bicep = files.withExtension('bicep');
  const modules = new Map(
    bicep.map(f => [f.path, bicepModules(f.path, f.text)]),
  );
  const named = files.files
    .filter(f => /\.(ya?ml|sh|ps1)$/.test(f.path) && /\.bicep\b/.test(f.text))
    .map(f => f.text)
    .join('\n');
  const roots = bicep
    .map(f => f.path)
    .filter(
      path =>
        basenameOf(path) === 'main.bicep' || named.includes(basenameOf(path)),
    );
  if (roots.length === 0) {
    return new Set(bicep.map(f => f.path));
  }
  const reached = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const next = queue.shift()!;
    if (!reached.has(next)) {
      reached.add(next);
      queue.push(...(modules.get(next) ?? []));
    }
  }
  return reached;
}

/* ------------------------------------------------------------------- ARM */

function armResources(doc: YamlMap): AzureResource[] {
  const parameters = asMap(doc.parameters);
  const resolve = (value: unknown): string | undefined => {
    const text = asString(value);
    const parameter = text?.match(/^\[parameters\('(\w+)'\)\]$/)?.[1];
    return parameter
      ? asString(asMap(parameters[parameter]).defaultValue)
      : text;
  };
  const flatten = (resources: unknown[]): YamlMap[] =>
    resources.map(asMap).flatMap(r => [r, ...flatten(asArray(r.resources))]);
  return flatten(asArray(doc.resources)).map(r => ({
    type: asString(r.type) ?? '',
    name: asString(r.name) ?? '',
    body: JSON.stringify(r),
    value: (path: string) => resolve(getPath(r, path)),
  }));
}

/* ------------------------------------------------------------- platforms */

function autoscalingOf(
  resource: AzureResource,
): ServingPlatformAttributes['autoscaling'] {
  const max =
    resource.value('properties.template.scale.maxReplicas') ??
    resource.value('properties.scaleSettings.maxInstances');
  if (max === undefined) {
    return null;
  }
  return {
    minReplicas:
      asNumber(
        resource.value('properties.template.scale.minReplicas') ??
          resource.value('properties.scaleSettings.minInstances'),
      ) ?? 0,
    maxReplicas: asNumber(max),
    via: `${resource.type} scale settings`,
  };
}

function platforms(
  findings: Findings,
  path: string,
  declaredIn: string,
  resources: AzureResource[],
) {
  const deployments = resources.filter(r =>
    /onlineEndpoints\/deployments$/.test(r.type),
  );
  for (const platform of PLATFORMS) {
    for (const resource of resources.filter(r => r.type === platform.type)) {
      // Function apps run event handlers; the service runs in web apps and containers.
      if (/functionapp/i.test(resource.value('kind') ?? '')) {
        continue;
      }
      const scaled =
        platform.platform === 'azureml-online-endpoint'
          ? deployments.map(autoscalingOf).find(Boolean) ?? null
          : autoscalingOf(resource);
      findings.signal(
        'serving',
        platform.tool,
        path,
        `${path} deploys ${platform.what} ${code(resource.name)}${
          scaled
            ? `, autoscaled ${scaled.minReplicas ?? '?'}–${
                scaled.maxReplicas ?? '?'
              } replicas`
            : ''
        }`,
        platformAttributes(platform.platform, declaredIn, {
          autoscaling: scaled,
          extra: { resources: [resource.name] },
        }),
      );
      if (platform.platform === 'azureml-online-endpoint') {
        trafficSplit(findings, path, resource);
      }
    }
  }
}

/** An online endpoint that sends part of its traffic to a second deployment. */
function trafficSplit(
  findings: Findings,
  path: string,
  endpoint: AzureResource,
) {
  const block =
    endpoint.body.match(/traffic['"]?\s*:\s*\{([^}]*)\}/)?.[1] ?? '';
  const weights = [...block.matchAll(/['"]?([\w-]+)['"]?\s*:\s*(\d+)/g)].map(
    m => ({ deployment: m[1], percent: Number(m[2]) }),
  );
  if (weights.filter(w => w.percent > 0).length >= 2) {
    findings.signal(
      'progressive-rollout',
      'azureml',
      path,
      `Azure ML online endpoint ${code(
        endpoint.name,
      )} in ${path} splits traffic ${weights
        .map(w => `${w.deployment} ${w.percent}%`)
        .join(', ')}`,
      { name: endpoint.name, strategy: 'traffic-split' },
    );
  }
}

/* ------------------------------------------------------------ monitoring */

const CONNECTION_SETTING =
  /['"]?(APPLICATIONINSIGHTS_CONNECTION_?STRING|APPINSIGHTS_CONNECTION_?STRING|APPINSIGHTS_INSTRUMENTATIONKEY)['"]?/i;

/**
 * Application Insights monitors the service when the app receives its connection string
 * (an app setting or container environment variable); a component nothing uses does not.
 */
function applicationInsights(files: RepoFileSet, findings: Findings) {
  const infra = files.files.filter(f =>
    ['bicep', 'tf', 'json'].includes(extensionOf(f.path)),
  );
  const components = infra.filter(f =>
    extensionOf(f.path) === 'bicep'
      ? bicepResources(f.text).some(
          r => r.type === 'Microsoft.Insights/components',
        )
      : /"Microsoft\.Insights\/components"|resource\s+"azurerm_application_insights"/.test(
          f.text,
        ),
  );
  if (components.length === 0) {
    return;
  }
  const wired = infra
    .map(f => ({
      path: f.path,
      setting: f.text.match(CONNECTION_SETTING)?.[1],
    }))
    .filter((w): w is { path: string; setting: string } => !!w.setting);
  for (const file of components) {
    if (wired.length > 0) {
      findings.signal(
        'monitoring-config',
        'azure-monitor',
        file.path,
        `${
          file.path
        } provisions Application Insights and the app receives its connection string as ${listForHumans(
          [...new Set(wired.map(w => code(w.setting)))],
        )} (${listForHumans(
          wired.map(w => w.path),
          3,
        )})`,
        { settings: [...new Set(wired.map(w => w.setting))] },
      );
    } else {
      findings.reject(
        'monitoring-config',
        'azure-monitor',
        file.path,
        `${file.path} provisions Application Insights, but no app setting or container environment variable passes its connection string to the service`,
      );
    }
  }
}

/** Bicep and ARM templates: infrastructure, the app platforms and endpoints that serve, alerts, Application Insights. */
export function detectAzureTemplates(files: RepoFileSet, findings: Findings) {
  const deployed = deployedBicep(files);
  for (const file of files.withExtension('bicep')) {
    const resources = bicepResources(file.text);
    const types = [...new Set(resources.map(r => r.type))];
    const modules = [
      ...file.text.matchAll(/^\s*module\s+\w+\s+'([^']+)'/gm),
    ].map(m => m[1]);
    if (types.length === 0 && modules.length === 0) {
      continue;
    }
    findings.signal(
      'iac',
      'bicep',
      file.path,
      `Bicep template ${file.path} declares ${
        listForHumans(types.map(code), 4) || `${modules.length} modules`
      }`,
      { resourceTypes: types, modules },
    );
    alertResources(findings, file.path, file.path, resources);
    if (deployed.has(file.path)) {
      platforms(findings, file.path, 'bicep', resources);
    }
  }
  for (const file of files.withExtension('json')) {
    if (!/deploymentTemplate\.json/.test(file.text)) {
      continue;
    }
    const doc = asMap(files.json(file.path));
    if (!/deploymentTemplate\.json/.test(asString(doc.$schema) ?? '')) {
      continue;
    }
    const resources = armResources(doc);
    const types = [...new Set(resources.map(r => r.type).filter(Boolean))];
    findings.signal(
      'iac',
      'arm',
      file.path,
      `ARM template ${file.path} declares ${
        listForHumans(types.map(code), 4) || 'no resources'
      }`,
      { resourceTypes: types },
    );
    alertResources(findings, file.path, file.path, resources);
    platforms(findings, file.path, 'arm', resources);
  }
  applicationInsights(files, findings);
}
