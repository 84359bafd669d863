import { RepoFileSet } from '../../RepoFileSet';
import { dirnameOf } from '../../parsing/paths';
import { asMap, asString, asStrings, isMap, YamlMap } from '../../parsing/yaml';
import { CiStep } from './ciActivities';

const PHASES = ['install', 'pre_build', 'build', 'post_build'];

/** Steps of a CodeBuild buildspec document. */
export function buildspecSteps(doc: YamlMap): CiStep[] {
  const steps: CiStep[] = [];
  const phases = asMap(doc.phases);
  for (const phaseName of PHASES) {
    const phase = asMap(phases[phaseName]);
    const ignoreFailure =
      asString(phase['on-failure'])?.toUpperCase() === 'CONTINUE';
    for (const command of [
      ...asStrings(phase.commands),
      ...asStrings(asMap(phase.finally).commands),
    ]) {
      steps.push({ script: command, ignoreFailure });
    }
  }
  return steps;
}

export function isBuildspec(
  path: string,
  doc: YamlMap | undefined,
): doc is YamlMap {
  return (
    isMap(doc) &&
    isMap(doc.phases) &&
    (/(^|\/)buildspec[^/]*\.ya?ml$/.test(path) || doc.version !== undefined)
  );
}

/** The buildspec file a CodeBuild project names, relative to its template or the root. */
export function buildspecFile(
  files: RepoFileSet,
  fromPath: string,
  name: string | undefined,
): string | undefined {
  const path =
    files.resolve(dirnameOf(fromPath), name ?? 'buildspec.yml') ??
    (name ? undefined : files.resolve('', 'buildspec.yml'));
  return path && isBuildspec(path, files.yamlMaps(path)[0]) ? path : undefined;
}
