import { CiJobAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { basenameOf, dirnameOf } from '../parsing/paths';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  getPath,
  isMap,
} from '../parsing/yaml';
import { detectAzureTemplates } from './azureTemplates';
import { detectCdk } from './cdk';
import { detectCloudFormation } from './cloudFormation';
import { detectManagedServing } from './managedServing';
import { helmCharts } from './helmCharts';
import { detectTerraform } from './terraform';
import { costToolOf } from './k8sDetectors';
import { code, DetectorResult, Findings } from './types';

function helm(files: RepoFileSet, findings: Findings) {
  for (const chart of helmCharts(files)) {
    const name = asString(chart.chart.name) ?? basenameOf(chart.dir);
    const values = chart.values;
    const autoscaling = asMap(values.autoscaling);
    const resources = asMap(values.resources);
    const dependencies = asArray(chart.chart.dependencies)
      .map(d => asString(asMap(d).name) ?? '')
      .filter(Boolean);
    if (chart.templates.length === 0 && dependencies.length === 0) {
      findings.reject(
        'iac',
        'helm',
        chart.chartPath,
        `Helm chart ${code(name)} in ${
          chart.dir || 'the repository root'
        } has no templates and no dependencies, so installing it deploys nothing`,
      );
      continue;
    }
    findings.signal(
      'iac',
      'helm',
      chart.chartPath,
      `Helm chart ${code(name)} in ${chart.dir || 'the repository root'} with ${
        chart.templates.length
      } template${chart.templates.length === 1 ? '' : 's'}`,
      {
        chart: name,
        version: asString(chart.chart.version) ?? null,
        templates: chart.templates.length,
        replicaCount: asNumber(values.replicaCount),
        autoscaling: {
          enabled: autoscaling.enabled === true,
          minReplicas: asNumber(autoscaling.minReplicas),
          maxReplicas: asNumber(autoscaling.maxReplicas),
        },
        hasResourceRequests:
          isMap(resources.requests) &&
          Object.keys(resources.requests).length > 0,
        hasResourceLimits:
          isMap(resources.limits) && Object.keys(resources.limits).length > 0,
        dependencies,
        valuesFiles: chart.overrides.map(o => o.path),
      },
    );
    for (const dependency of dependencies) {
      if (/prometheus|victoria-metrics/.test(dependency)) {
        findings.signal(
          'monitoring-config',
          dependency,
          chart.chartPath,
          `Helm chart ${code(name)} depends on ${code(dependency)}`,
          { chart: name },
        );
      }
      if (/dcgm-exporter|kubecost|cost-analyzer|opencost/.test(dependency)) {
        findings.signal(
          'gpu-cost',
          costToolOf(dependency),
          chart.chartPath,
          `Helm chart ${code(name)} depends on ${code(dependency)}`,
          {
            chart: name,
          },
        );
      }
    }
  }
}

function kustomize(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^(kustomization\.ya?ml|Kustomization)$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const resources = asArray(doc.resources ?? doc.bases);
    const generated = [
      ...asArray(doc.components),
      ...asArray(doc.helmCharts),
      ...asArray(doc.configMapGenerator),
      ...asArray(doc.secretGenerator),
    ];
    if (resources.length === 0 && generated.length === 0) {
      findings.reject(
        'iac',
        'kustomize',
        file.path,
        `Kustomization ${file.path} lists no resources, components, charts or generators, so it builds nothing`,
      );
      continue;
    }
    const patches = [
      ...asArray(doc.patches),
      ...asArray(doc.patchesStrategicMerge),
      ...asArray(doc.patchesJson6902),
    ];
    const images = asArray(doc.images)
      .map(i => asString(asMap(i).name) ?? '')
      .filter(Boolean);
    findings.signal(
      'iac',
      'kustomize',
      file.path,
      `Kustomize ${
        resources.some(r => /\.\.\//.test(String(r))) ? 'overlay' : 'base'
      } in ${dirnameOf(file.path) || 'the root'} with ${
        resources.length
      } resource${resources.length === 1 ? '' : 's'}${
        patches.length
          ? ` and ${patches.length} patch${patches.length === 1 ? '' : 'es'}`
          : ''
      }`,
      {
        resources: resources.length,
        charts: asArray(doc.helmCharts).length,
        patches: patches.length,
        images,
      },
    );
  }
}

function otherTools(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^cdk\.json$/)) {
    const app = asString(asMap(files.json(file.path)).app);
    if (app) {
      findings.signal(
        'iac',
        'cdk',
        file.path,
        `AWS CDK app in ${dirnameOf(file.path) || 'the root'} (${code(app)})`,
        { app },
      );
    }
  }
  for (const file of files.named(/^Pulumi\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc?.runtime !== undefined) {
      const runtime =
        asString(doc.runtime) ?? asString(asMap(doc.runtime).name) ?? 'unknown';
      findings.signal(
        'iac',
        'pulumi',
        file.path,
        `Pulumi project ${code(asString(doc.name) ?? '')} (${runtime}) in ${
          dirnameOf(file.path) || 'the root'
        }`,
        {
          project: asString(doc.name) ?? null,
          runtime,
        },
      );
    }
  }
  for (const file of files.named(/^serverless\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc && doc.service !== undefined && isMap(doc.provider)) {
      findings.signal(
        'iac',
        'serverless',
        file.path,
        `Serverless Framework service ${code(asString(doc.service) ?? '')} in ${
          file.path
        }`,
        {
          provider: asString(asMap(doc.provider).name) ?? null,
        },
      );
    }
  }
}

/**
 * GitOps controllers deploy on their own: an Argo CD Application with automated sync,
 * or a Flux Kustomization/HelmRelease, is continuous deployment declared in the repository.
 */
function gitOps(files: RepoFileSet, findings: Findings) {
  for (const file of files.yamlFiles()) {
    for (const doc of files.yamlMaps(file.path)) {
      const kind = asString(doc.kind);
      const apiVersion = asString(doc.apiVersion) ?? '';
      const name = asString(getPath(doc, 'metadata.name')) ?? '';
      let branch: string | undefined;
      let automated: boolean;
      let system: string;
      if (kind === 'Application' && /^argoproj\.io\//.test(apiVersion)) {
        const source = asMap(
          getPath(doc, 'spec.source') ??
            asArray(getPath(doc, 'spec.sources'))[0],
        );
        branch = asString(source.targetRevision);
        automated = isMap(getPath(doc, 'spec.syncPolicy.automated'));
        system = 'argocd';
      } else if (
        (kind === 'Kustomization' || kind === 'HelmRelease') &&
        /fluxcd\.io\//.test(apiVersion)
      ) {
        automated = getPath(doc, 'spec.suspend') !== true;
        system = 'flux';
      } else {
        continue;
      }
      const branches =
        branch && !/^(HEAD|\*)$/.test(branch) && !/^\d|^v\d/.test(branch)
          ? [branch]
          : [];
      const attributes: CiJobAttributes = {
        system,
        workflow: name,
        job: name,
        triggers: ['push'],
        branches,
        manualGate: !automated,
        activities: ['deploy'],
        evidence: [
          `deploy: ${system === 'argocd' ? 'Argo CD sync' : `Flux ${kind}`}`,
        ],
      };
      findings.signal(
        'ci-job',
        system,
        file.path,
        `${system === 'argocd' ? 'Argo CD Application' : `Flux ${kind}`} ${code(
          name,
        )} in ${file.path} ${
          automated
            ? `deploys automatically on push${
                branches.length ? ` to ${branches[0]}` : ''
              }`
            : 'deploys only when synced by hand'
        }`,
        attributes,
      );
    }
  }
}

/**
 * Infrastructure as code: Terraform, Bicep/ARM, CloudFormation/SAM/CDK, Pulumi, Helm,
 * Kustomize, GitOps, and what it says about serving, rollout, triggers and monitoring.
 */
export function detectInfrastructure(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  detectTerraform(files, findings);
  detectAzureTemplates(files, findings);
  detectCloudFormation(files, findings);
  detectCdk(files, findings);
  detectManagedServing(files, findings);
  helm(files, findings);
  kustomize(files, findings);
  otherTools(files, findings);
  gitOps(files, findings);
  return findings.result();
}
