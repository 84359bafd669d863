import { RepoFileSet } from '../RepoFileSet';
import { asMap, isMap, parseYamlDocuments, YamlMap } from '../parsing/yaml';
import { helmCharts, isChartTemplate, renderChart } from './helmCharts';

/** A Kubernetes document from a plain manifest or a rendered Helm template. */
export interface ManifestDocument {
  path: string;
  doc: YamlMap;
  source: 'manifest' | 'helm';
  /** The values file that enabled a Helm-rendered document, when the defaults do not. */
  valuesFile?: string;
}

/** A YAML configuration document, possibly embedded as a string in a ConfigMap. */
export interface ConfigDocument {
  path: string;
  doc: YamlMap;
  /** The ConfigMap key the document was embedded under. */
  embeddedIn?: string;
}

interface Manifests {
  documents: ManifestDocument[];
  /** Helm templates that could not be rendered into YAML. */
  unparsed: string[];
  configs: ConfigDocument[];
}

const cache = new WeakMap<RepoFileSet, Manifests>();

function isKubernetesDocument(doc: YamlMap): boolean {
  return (
    typeof doc.apiVersion === 'string' &&
    typeof doc.kind === 'string' &&
    isMap(doc.metadata)
  );
}

function load(files: RepoFileSet): Manifests {
  const charts = helmCharts(files);
  const documents: ManifestDocument[] = [];
  const configs: ConfigDocument[] = [];
  const unparsed: string[] = [];
  for (const file of files.yamlFiles()) {
    if (isChartTemplate(file.path, charts)) {
      continue;
    }
    for (const doc of files.yamlMaps(file.path)) {
      configs.push({ path: file.path, doc });
      if (isKubernetesDocument(doc)) {
        documents.push({ path: file.path, doc, source: 'manifest' });
      }
    }
  }
  for (const chart of charts) {
    const rendered = renderChart(files, chart);
    documents.push(
      ...rendered.documents
        .filter(
          d =>
            !/\btest\b/.test(
              String(
                asMap(asMap(d.doc.metadata).annotations)['helm.sh/hook'] ?? '',
              ),
            ),
        )
        .map(d => ({
          path: d.path,
          doc: d.doc,
          source: 'helm' as const,
          valuesFile: d.valuesFile,
        })),
    );
    unparsed.push(...rendered.unparsed);
  }
  for (const { path, doc } of documents) {
    if (doc.kind !== 'ConfigMap' || !isMap(doc.data)) {
      continue;
    }
    for (const [key, value] of Object.entries(doc.data)) {
      if (typeof value === 'string' && /\.ya?ml$/.test(key)) {
        parseYamlDocuments(value)
          .filter(isMap)
          .forEach(embedded =>
            configs.push({ path, doc: embedded, embeddedIn: key }),
          );
      }
    }
  }
  return { documents, unparsed, configs };
}

function manifests(files: RepoFileSet): Manifests {
  let loaded = cache.get(files);
  if (!loaded) {
    loaded = load(files);
    cache.set(files, loaded);
  }
  return loaded;
}

/** Kubernetes documents of plain manifests and rendered Helm charts. */
export function manifestDocuments(files: RepoFileSet): {
  documents: ManifestDocument[];
  unparsed: string[];
} {
  const { documents, unparsed } = manifests(files);
  return { documents, unparsed };
}

/**
 * Configuration documents (Prometheus, Alertmanager, LiteLLM...) from YAML files and
 * from ConfigMaps, where deployments usually keep them.
 */
export function configDocuments(files: RepoFileSet): ConfigDocument[] {
  return manifests(files).configs;
}
