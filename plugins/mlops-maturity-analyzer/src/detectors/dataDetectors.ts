import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  directorySegments,
  dirnameOf,
  joinRepoPath,
} from '../parsing/paths';
import { asArray, asMap, asString, getPath, isMap } from '../parsing/yaml';
import { code, DetectorResult, Findings, listForHumans } from './types';

function greatExpectations(files: RepoFileSet, findings: Findings) {
  for (const file of files.withExtension('json')) {
    if (!/expectation/.test(file.text)) {
      continue;
    }
    const doc = asMap(files.json(file.path));
    const name =
      asString(doc.expectation_suite_name) ??
      (Array.isArray(doc.expectations) ? asString(doc.name) : undefined);
    if (!name) {
      continue;
    }
    const expectations = asArray(doc.expectations).map(
      e => asString(asMap(e).expectation_type) ?? asString(asMap(e).type) ?? '',
    );
    if (expectations.length === 0) {
      findings.reject(
        'data-validation',
        'great-expectations',
        file.path,
        `Great Expectations suite ${code(name)} in ${
          file.path
        } has no expectations`,
      );
      continue;
    }
    findings.signal(
      'data-validation',
      'great-expectations',
      file.path,
      `Great Expectations suite ${code(name)} in ${file.path} with ${
        expectations.length
      } expectation${expectations.length === 1 ? '' : 's'}`,
      {
        suite: name,
        expectations: expectations.length,
        types: [...new Set(expectations)].slice(0, 10),
      },
    );
  }
  for (const file of files.yamlFiles()) {
    if (!directorySegments(file.path).includes('checkpoints')) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    if (
      doc &&
      (doc.class_name === 'Checkpoint' ||
        Array.isArray(doc.validations) ||
        doc.expectation_suite_name)
    ) {
      const validations = asArray(doc.validations).length;
      findings.signal(
        'data-validation',
        'great-expectations',
        file.path,
        `Great Expectations checkpoint ${code(
          asString(doc.name) ?? basenameOf(file.path),
        )} in ${file.path}`,
        {
          checkpoint: asString(doc.name) ?? basenameOf(file.path),
          validations,
        },
      );
    }
  }
}

function soda(files: RepoFileSet, findings: Findings) {
  for (const file of files.yamlFiles()) {
    if (!/^checks for /m.test(file.text)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const tables = Object.keys(doc).filter(key =>
      key.startsWith('checks for '),
    );
    const checks = tables.reduce(
      (sum, key) => sum + asArray(doc[key]).length,
      0,
    );
    if (checks === 0) {
      findings.reject(
        'data-validation',
        'soda',
        file.path,
        `Soda checks file ${file.path} declares no checks`,
      );
      continue;
    }
    findings.signal(
      'data-validation',
      'soda',
      file.path,
      `Soda checks in ${file.path}: ${checks} check${
        checks === 1 ? '' : 's'
      } on ${listForHumans(
        tables.map(t => code(t.slice('checks for '.length))),
      )}`,
      {
        tables: tables.map(t => t.slice('checks for '.length)),
        checks,
      },
    );
  }
}

function dbt(files: RepoFileSet, findings: Findings) {
  const projects = files
    .named(/^dbt_project\.ya?ml$/)
    .map(f => dirnameOf(f.path));
  if (projects.length === 0) {
    return;
  }
  for (const file of files.yamlFiles()) {
    if (!projects.some(dir => dir === '' || file.path.startsWith(`${dir}/`))) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    const models = asArray(doc?.models)
      .map(asMap)
      .filter(m => Array.isArray(m.columns));
    if (models.length === 0) {
      continue;
    }
    const tests = models.flatMap(m =>
      asArray(m.columns).flatMap(c =>
        asArray(asMap(c).tests ?? asMap(c).data_tests),
      ),
    );
    findings.signal(
      'data-schema',
      'dbt',
      file.path,
      `dbt models ${listForHumans(
        models.map(m => code(asString(m.name) ?? '')),
      )} document their columns in ${file.path}`,
      {
        models: models.map(m => asString(m.name) ?? ''),
      },
    );
    if (tests.length) {
      findings.signal(
        'data-validation',
        'dbt',
        file.path,
        `${file.path} declares ${tests.length} dbt data test${
          tests.length === 1 ? '' : 's'
        }`,
        {
          tests: tests.length,
        },
      );
    }
  }
}

const DATA_PATH =
  /(^|\/)(schemas?|data|datasets?|contracts?|features?|events?)(\/|$)|(data|feature|input|request|record|event|prediction|payload|row)/i;

function schemas(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^schema\.pbtxt$/)) {
    const features = (file.text.match(/^\s*feature\s*\{/gm) ?? []).length;
    if (features) {
      findings.signal(
        'data-schema',
        'tfdv',
        file.path,
        `TFDV schema ${file.path} describes ${features} feature${
          features === 1 ? '' : 's'
        }`,
        { features },
      );
    }
  }
  for (const file of files.withExtension('avsc')) {
    const doc = asMap(files.json(file.path));
    if (doc.type === 'record' && Array.isArray(doc.fields)) {
      findings.signal(
        'data-schema',
        'avro',
        file.path,
        `Avro schema ${code(asString(doc.name) ?? basenameOf(file.path))} in ${
          file.path
        } with ${doc.fields.length} fields`,
        {
          fields: doc.fields.length,
        },
      );
    }
  }
  for (const file of files.withExtension('json')) {
    if (
      !/json-schema\.org|"properties"/.test(file.text) ||
      /(^|\/)(package|tsconfig|composer|\.vscode|renovate)/.test(file.path)
    ) {
      continue;
    }
    const named = /\.schema\.json$/.test(file.path);
    const doc = asMap(files.json(file.path));
    const isSchema =
      (/json-schema\.org/.test(asString(doc.$schema) ?? '') || named) &&
      isMap(doc.properties);
    if (isSchema && (named || DATA_PATH.test(file.path))) {
      const fields = Object.keys(asMap(doc.properties));
      findings.signal(
        'data-schema',
        'json-schema',
        file.path,
        `JSON Schema ${file.path} describes ${fields.length} field${
          fields.length === 1 ? '' : 's'
        }`,
        {
          fields: fields.slice(0, 30),
          required: asArray(doc.required).length,
        },
      );
    }
  }
  for (const file of files.named(
    /^datacontract\.ya?ml$|\.datacontract\.ya?ml$/,
  )) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc && (doc.dataContractSpecification || doc.models || doc.schema)) {
      findings.signal(
        'data-schema',
        'datacontract',
        file.path,
        `Data contract ${file.path}`,
        {},
      );
    }
  }
}

function lineage(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^dvc\.lock$/)) {
    const stages = Object.keys(asMap(files.yamlMaps(file.path)[0]?.stages));
    if (stages.length) {
      findings.signal(
        'data-lineage',
        'dvc',
        file.path,
        `${file.path} pins the exact inputs and outputs (hashes) of ${
          stages.length
        } pipeline stage${stages.length === 1 ? '' : 's'}`,
        {
          stages,
        },
      );
    }
  }
  const tracked = files.withExtension('dvc').filter(file => {
    const doc = files.yamlMaps(file.path)[0];
    return asArray(doc?.outs).some(
      out =>
        asString(asMap(out).md5) ??
        asString(asMap(out).hash) ??
        asString(asMap(out).etag),
    );
  });
  if (tracked.length) {
    findings.signal(
      'data-lineage',
      'dvc',
      tracked[0].path,
      `${tracked.length} data artifact${
        tracked.length === 1 ? ' is' : 's are'
      } versioned with DVC (${listForHumans(
        tracked.map(t => t.path),
        3,
      )})`,
      {
        files: tracked.map(t => t.path),
      },
    );
  }
  for (const file of files.named(/^openlineage\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc && isMap(doc.transport)) {
      findings.signal(
        'data-lineage',
        'openlineage',
        file.path,
        `OpenLineage transport configured in ${file.path}`,
        {
          transport: asString(getPath(doc, 'transport.type')) ?? null,
        },
      );
    }
  }
}

/** Files that hold a trained model, by extension or by sitting in a models folder. */
const MODEL_FILE =
  /\.(pkl|pickle|joblib|onnx|pt|pth|h5|hdf5|keras|pb|tflite|safetensors|ckpt|cbm|mar|gguf)$|(^|\/)(\d+_)?models?(\/|$)/i;

/**
 * A model file tracked with DVC (`model.onnx.dvc`): every version is kept by its content
 * hash, which is model versioning without a registry.
 */
function dvcTrackedModels(files: RepoFileSet, findings: Findings) {
  for (const file of files.withExtension('dvc')) {
    const doc = files.yamlMaps(file.path)[0];
    const base = joinRepoPath(dirnameOf(file.path), asString(doc?.wdir) ?? '.');
    const models = asArray(doc?.outs)
      .map(out => asString(asMap(out).path))
      .filter((path): path is string => Boolean(path))
      .map(path => joinRepoPath(base ?? '', path) ?? path)
      .filter(path => MODEL_FILE.test(path));
    if (models.length) {
      findings.signal(
        'model-registration',
        'dvc',
        file.path,
        `${listForHumans(models.map(code))} ${
          models.length === 1 ? 'is' : 'are'
        } versioned with DVC (${
          file.path
        }): each version can be restored by its hash, but no model registry records the versions`,
        { models, registry: false },
      );
    }
  }
}

/**
 * Kedro catalog entries with `versioned: true` that hold a model: each run saves a
 * timestamped copy, which is model versioning without a registry.
 */
function kedroVersionedModels(files: RepoFileSet, findings: Findings) {
  for (const file of files.matching(
    /(^|\/)conf\/[^/]+\/(catalog[^/]*|catalog\/[^/]+)\.ya?ml$/,
  )) {
    const doc = files.yamlMaps(file.path)[0] ?? {};
    const models = Object.entries(doc)
      .map(([name, raw]) => ({ name, entry: asMap(raw) }))
      .filter(
        ({ entry }) =>
          entry.versioned === true &&
          (/model/i.test(asString(entry.type) ?? '') ||
            MODEL_FILE.test(asString(entry.filepath) ?? '')),
      );
    if (models.length === 0) {
      continue;
    }
    const paths = models.map(({ entry }) => asString(entry.filepath) ?? '');
    const where = paths.every(path => !/^[a-z0-9]+:\/\//i.test(path))
      ? 'local file versioning'
      : 'file versioning in shared storage';
    findings.signal(
      'model-registration',
      'kedro',
      file.path,
      `Kedro catalog ${file.path} versions ${listForHumans(
        models.map(({ name }) => code(name)),
      )} (\`versioned: true\`): each run saves a timestamped copy, ${where} rather than a model registry`,
      { models: models.map(({ name }) => name), registry: false },
    );
  }
}

function monitorConfigs(files: RepoFileSet, findings: Findings) {
  for (const file of files.yamlFiles()) {
    if (!/monitoring_signals|monitoringSignals/.test(file.text)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    const signals = asMap(
      getPath(doc, 'create_monitor.monitoring_signals') ??
        getPath(doc, 'monitoring_signals'),
    );
    const drift = Object.entries(signals).filter(([, s]) =>
      /drift/.test(asString(asMap(s).type) ?? ''),
    );
    if (drift.length) {
      findings.signal(
        'drift-monitoring',
        'azureml-monitoring',
        file.path,
        `Azure ML model monitor in ${file.path} checks ${listForHumans(
          drift.map(([n]) => code(n)),
        )}`,
        {
          signals: drift.map(([name]) => name),
        },
      );
    }
  }
}

/** Data practices declared in configuration: validation suites, schemas, lineage, versioned model files. */
export function detectData(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  greatExpectations(files, findings);
  soda(files, findings);
  dbt(files, findings);
  schemas(files, findings);
  lineage(files, findings);
  dvcTrackedModels(files, findings);
  kedroVersionedModels(files, findings);
  monitorConfigs(files, findings);
  return findings.result();
}
