import { RepoFileSet } from '../RepoFileSet';
import { basenameOf, dirnameOf } from '../parsing/paths';
import {
  asMap,
  asString,
  isMap,
  parseYamlDocuments,
  YamlMap,
} from '../parsing/yaml';
import { renderHelmTemplate } from '../parsing/helmTemplate';

export interface HelmChart {
  dir: string;
  chartPath: string;
  chart: YamlMap;
  values: YamlMap;
  /** Environment overrides next to the chart (`values-prod.yaml`), merged over `values.yaml`. */
  overrides: Array<{ path: string; values: YamlMap }>;
  templates: string[];
}

export interface RenderedDocument {
  /** The template the document came from. */
  path: string;
  doc: YamlMap;
  /** The values file that enabled it, when the default values do not. */
  valuesFile: string | undefined;
}

function deepMerge(base: YamlMap, override: YamlMap): YamlMap {
  const merged: YamlMap = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] =
      isMap(value) && isMap(base[key])
        ? deepMerge(base[key] as YamlMap, value)
        : value;
  }
  return merged;
}

/** Helm charts in the repository (a `Chart.yaml` and its `values*.yaml` and `templates/`). */
export function helmCharts(files: RepoFileSet): HelmChart[] {
  return files.named(/^Chart\.ya?ml$/).map(file => {
    const dir = dirnameOf(file.path);
    const prefix = dir ? `${dir}/` : '';
    const valuesPath =
      files.resolve(dir, 'values.yaml') ?? files.resolve(dir, 'values.yml');
    const overrides = files
      .matching(
        new RegExp(
          `^${prefix.replace(
            /[.*+?^${}()|[\]\\]/g,
            '\\$&',
          )}values[-.][^/]+\\.ya?ml$`,
        ),
      )
      .map(override => ({
        path: override.path,
        values: files.yamlMaps(override.path)[0] ?? {},
      }));
    return {
      dir,
      chartPath: file.path,
      chart: files.yamlMaps(file.path)[0] ?? {},
      values: valuesPath ? files.yamlMaps(valuesPath)[0] ?? {} : {},
      overrides,
      templates: files
        .under(`${prefix}templates`)
        .map(template => template.path)
        .filter(
          path => /\.ya?ml$/.test(path) && !basenameOf(path).startsWith('_'),
        ),
    };
  });
}

/** Whether a path is a template of one of the charts (and so not plain YAML). */
export function isChartTemplate(path: string, charts: HelmChart[]): boolean {
  return charts.some(chart =>
    path.startsWith(chart.dir ? `${chart.dir}/templates/` : 'templates/'),
  );
}

/**
 * Renders every template of a chart with its default values, then with each environment
 * override; a document that only an override enables is attributed to that file.
 */
export function renderChart(
  files: RepoFileSet,
  chart: HelmChart,
): { documents: RenderedDocument[]; unparsed: string[] } {
  const documents: RenderedDocument[] = [];
  const unparsed: string[] = [];
  const chartName = asString(chart.chart.name) ?? basenameOf(chart.dir);
  for (const template of chart.templates) {
    const text = files.get(template)?.text ?? '';
    const seen = new Set<string>();
    const variants: Array<{ valuesFile: string | undefined; values: YamlMap }> =
      [
        { valuesFile: undefined, values: chart.values },
        ...chart.overrides.map(o => ({
          valuesFile: o.path,
          values: deepMerge(chart.values, o.values),
        })),
      ];
    let parsedAny = false;
    for (const variant of variants) {
      const rendered = renderHelmTemplate(text, {
        values: variant.values,
        chartName,
        chart: chart.chart,
      });
      const docs = parseYamlDocuments(rendered).filter(isMap);
      if (docs.length || rendered.trim() === '') {
        parsedAny = true;
      }
      for (const doc of docs) {
        const key = `${asString(doc.kind)}/${asString(
          asMap(doc.metadata).name,
        )}`;
        if (!asString(doc.kind) || seen.has(key)) {
          continue;
        }
        seen.add(key);
        documents.push({ path: template, doc, valuesFile: variant.valuesFile });
      }
    }
    if (!parsedAny && /\bkind:\s*\w+/.test(text)) {
      unparsed.push(template);
    }
  }
  return { documents, unparsed };
}
