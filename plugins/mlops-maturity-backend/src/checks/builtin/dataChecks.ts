import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  citeRejections,
  defineCheck,
  describeJob,
  describeSignals,
  fail,
  pass,
  signalsRequired,
  stringsParam,
  judgeTriggeredActivity,
  withRepository,
} from './evidence';

export const dataChecks: MaturityCheck[] = [
  defineCheck({
    id: 'data.versioning',
    title: 'Data is versioned',
    description:
      'Verifies that training data is versioned with DVC, lakeFS, Delta Lake or a similar tool rather than copied by hand.',
    dimension: 'data',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      'Track datasets with `dvc add` (commit the `.dvc` files and `dvc.lock`) or read them from a lakeFS branch or a Delta table pinned by version, so every model can name the exact data it was trained on.',
    parameters: {
      dataVersioningTools: {
        type: 'string[]',
        default: [
          'dvc',
          'lakefs',
          'delta',
          'deltalake',
          'iceberg',
          'pachyderm',
        ],
        description:
          'Tools whose recognised pipeline or lineage files show versioned data.',
      },
      dataVersioningLibraries: {
        type: 'string[]',
        default: [
          'lakefs',
          'lakefs-client',
          'lakefs-sdk',
          'deltalake',
          'delta-spark',
          'pyiceberg',
        ],
        description:
          'Dependencies that read or write versioned data (lakeFS, Delta Lake, Iceberg).',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const tools = stringsParam(ctx, 'dataVersioningTools').map(t =>
          t.toLowerCase(),
        );
        const libraries = stringsParam(ctx, 'dataVersioningLibraries').map(l =>
          l.toLowerCase(),
        );
        const tracked = repo.signals(['data-lineage', 'pipeline'], s =>
          tools.includes(s.tool.toLowerCase()),
        );
        const used = repo.dependencies().filter(d => libraries.includes(d));
        if (tracked.length > 0 || used.length > 0) {
          const parts = [
            ...(tracked.length > 0 ? [describeSignals(tracked)] : []),
            ...(used.length > 0 ? [`dependencies ${used.join(', ')}`] : []),
          ];
          return pass(`Data is versioned: ${parts.join('; ')}`, [
            ...tracked.map(s => repo.found(s)),
            ...used.map(d => repo.about(`depends on ${d}`)),
          ]);
        }
        const missing = repo.notFound(
          `data versioning (${tools.join(', ')} files or ${libraries.join(
            ', ',
          )} dependencies)`,
        );
        return fail(missing.message, [missing.evidence]);
      }),
  }),

  defineCheck({
    id: 'data.schema',
    title: 'Data schema is explicit',
    description:
      'Verifies that the data the model consumes has an explicit, versioned schema.',
    dimension: 'data',
    level: 1,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Commit a schema for the input data next to the code: a pandera `DataFrameModel`, a TFDV `schema.pbtxt`, or a JSON/Avro schema, and validate against it when data is loaded.',
    evaluate: signalsRequired({
      kinds: 'data-schema',
      lookingFor: 'data schema (pandera, TFDV, JSON or Avro schema)',
      foundMessage: 'Data schema defined',
    }),
  }),

  defineCheck({
    id: 'data.validation',
    title: 'Data is validated',
    description:
      'Verifies that input data is validated with a data validation framework, in code or in a CI job.',
    dimension: 'data',
    level: 2,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Validate data before training: add a Great Expectations checkpoint, pandera schema validation, TFDV or Soda checks as a pipeline stage (e.g. a `validate` stage in `dvc.yaml`) or a CI job, so bad data stops the pipeline.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const validators = repo.signals('data-validation');
        const jobs = repo.ciJobs(job =>
          job.activities.includes('data-validation'),
        );
        if (validators.length > 0 || jobs.length > 0) {
          const described = [
            ...(validators.length > 0 ? [describeSignals(validators)] : []),
            ...jobs.map(describeJob),
          ];
          return pass(`Data validation: ${described.join(', ')}`, [
            ...validators.map(s => repo.found(s)),
            ...jobs.map(j => repo.found(j.signal)),
          ]);
        }
        const rejections = repo.rejections('data-validation');
        const missing = repo.notFound(
          'data validation (Great Expectations, pandera, TFDV, Deequ, Soda)',
        );
        return fail(`${missing.message}${citeRejections(rejections)}`, [
          missing.evidence,
          ...rejections.map(r => repo.rejected(r)),
        ]);
      }),
  }),

  defineCheck({
    id: 'data.lineage',
    title: 'Data lineage is tracked',
    description:
      'Verifies that the lineage from source data to model is recorded (dvc.lock, OpenLineage).',
    dimension: 'data',
    level: 2,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Record lineage: run the pipeline with `dvc repro` and commit the resulting `dvc.lock`, or emit OpenLineage events from the pipeline (e.g. the Airflow or Spark OpenLineage integration).',
    evaluate: signalsRequired({
      kinds: 'data-lineage',
      lookingFor: 'data lineage record (dvc.lock, OpenLineage)',
      foundMessage: 'Data lineage recorded',
    }),
  }),

  defineCheck({
    id: 'data.refresh-scheduled',
    title: 'Data refresh is scheduled',
    description:
      'Verifies that the data feeding the model is refreshed by a scheduled or event-triggered job rather than by hand.',
    dimension: 'data',
    level: 2,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Refresh data automatically: add a CI workflow with a `schedule` (cron) or `repository_dispatch` trigger that runs the ingestion step, or schedule the ingestion DAG in Airflow/Prefect.',
    evaluate: ctx =>
      withRepository(ctx, repo =>
        judgeTriggeredActivity(repo, {
          activity: 'data-refresh',
          doing: 'refreshes data',
          passed: 'Data refresh runs automatically',
          missing:
            'scheduled or event-triggered data refresh (CI schedule, Airflow/Prefect schedule)',
        }),
      ),
  }),
];
