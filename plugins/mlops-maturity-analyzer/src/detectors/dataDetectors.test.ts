import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('data practices', () => {
  it('recognises Great Expectations suites and checkpoints, and rejects empty suites', async () => {
    const facts = await analyzeFiles({
      'great_expectations/expectations/transactions.json': JSON.stringify({
        expectation_suite_name: 'transactions',
        expectations: [
          {
            expectation_type: 'expect_column_values_to_not_be_null',
            kwargs: { column: 'amount' },
          },
          {
            expectation_type: 'expect_column_values_to_be_between',
            kwargs: { column: 'amount', min_value: 0 },
          },
        ],
      }),
      'great_expectations/expectations/empty.json': JSON.stringify({
        expectation_suite_name: 'todo',
        expectations: [],
      }),
      'great_expectations/checkpoints/nightly.yml':
        'name: nightly\nclass_name: Checkpoint\nvalidations:\n  - batch_request: {}\n    expectation_suite_name: transactions\n',
    });
    expect(
      signalsOf(facts, 'data-validation', 'great-expectations')
        .map(s => s.path)
        .sort(),
    ).toEqual([
      'great_expectations/checkpoints/nightly.yml',
      'great_expectations/expectations/transactions.json',
    ]);
    expect(rejectionsOf(facts, 'data-validation')[0].reason).toMatch(
      /suite `todo`.*has no expectations/,
    );
  });

  it('recognises Soda checks, dbt tests, schemas and lineage', async () => {
    const facts = await analyzeFiles({
      'quality/checks.yml':
        'checks for transactions:\n  - row_count > 0\n  - missing_count(amount) = 0\n',
      'quality/empty_checks.yml': 'checks for orders: []\n',
      'warehouse/dbt_project.yml': 'name: features\nversion: "1.0"\n',
      'warehouse/models/schema.yml':
        'version: 2\nmodels:\n  - name: fct_transactions\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
      'data/schema/schema.pbtxt':
        'feature {\n  name: "amount"\n  type: FLOAT\n}\nfeature {\n  name: "country"\n  type: BYTES\n}\n',
      'contracts/transaction.avsc': JSON.stringify({
        type: 'record',
        name: 'Transaction',
        fields: [{ name: 'id', type: 'string' }],
      }),
      'schemas/prediction_request.schema.json': JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { amount: { type: 'number' } },
        required: ['amount'],
      }),
      '.vscode/settings.schema.json': '{"not": "a data schema"',
      'dvc.lock':
        'schema: "2.0"\nstages:\n  train:\n    cmd: python train.py\n    deps:\n      - path: data/train.csv\n        md5: 3f2a\n',
      'data/raw.csv.dvc':
        'outs:\n- md5: a1b2c3d4\n  size: 123\n  path: raw.csv\n',
    });
    expect(
      signalsOf(facts, 'data-validation')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['dbt', 'soda']);
    expect(rejectionsOf(facts, 'data-validation')[0].reason).toMatch(
      /declares no checks/,
    );
    expect(
      signalsOf(facts, 'data-schema')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['avro', 'dbt', 'json-schema', 'tfdv']);
    expect(
      signalsOf(facts, 'data-lineage')
        .map(s => s.path)
        .sort(),
    ).toEqual(['data/raw.csv.dvc', 'dvc.lock']);
  });

  it('reads model files versioned without a registry: DVC-tracked models and Kedro versioned datasets', async () => {
    const facts = await analyzeFiles({
      'dvcfiles/trained_model.dvc':
        'wdir: ../models\nouts:\n- md5: 02f3b0034769ba45d758ad1bb9de33a3\n  size: 17562590\n  path: model.onnx\n',
      'data/raw.csv.dvc': 'outs:\n- md5: a1b2c3d4\n  path: raw.csv\n',
      'conf/base/catalog.yml': `companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

regressor:
  type: pickle.PickleDataset
  filepath: data/06_models/regressor.pickle
  versioned: true

capacity_plot:
  type: plotly.JSONDataset
  filepath: data/08_reporting/capacity_plot.json
  versioned: true
`,
    });
    const versioned = signalsOf(facts, 'model-registration');
    expect(versioned.map(s => [s.tool, s.attributes])).toEqual([
      ['kedro', { models: ['regressor'], registry: false }],
      ['dvc', { models: ['models/model.onnx'], registry: false }],
    ]);
    expect(versioned[0].detail).toBe(
      'Kedro catalog conf/base/catalog.yml versions `regressor` (`versioned: true`): each run saves a timestamped copy, local file versioning rather than a model registry',
    );
    expect(versioned[1].detail).toBe(
      '`models/model.onnx` is versioned with DVC (dvcfiles/trained_model.dvc): each version can be restored by its hash, but no model registry records the versions',
    );
  });
});
