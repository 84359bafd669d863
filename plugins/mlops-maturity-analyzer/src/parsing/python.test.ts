import {
  callStatements,
  keywordArgument,
  PythonSource,
  stripPythonNoise,
} from './python';

describe('PythonSource', () => {
  it('qualifies imported names whatever the import style', () => {
    const source = PythonSource.parse(
      'p.py',
      `import mlflow.sklearn as mls
from kfp import dsl
from zenml import pipeline as zen_pipeline
from sklearn.model_selection import (
    GridSearchCV,
    train_test_split as split,
)

@dsl.pipeline(name="x")
def build(pipeline=None):
    X, y = split(data)
    GridSearchCV(model, grid)
    mls.log_model(m, "model")
    obj.pipeline(1)

@zen_pipeline
def run():
    pass
`,
    );
    expect(source.code).toContain('@kfp.dsl.pipeline(name="x")');
    expect(source.code).toContain(
      'sklearn.model_selection.train_test_split(data)',
    );
    expect(source.code).toContain(
      'sklearn.model_selection.GridSearchCV(model, grid)',
    );
    expect(source.code).toContain('mlflow.sklearn.log_model(m, "model")');
    expect(source.code).toContain('obj.pipeline(1)');
    expect(source.code).toContain('def build(pipeline=None):');
    expect(source.importsModule('mlflow')).toBe(true);
    expect(source.importsModule('sklearn')).toBe(true);
    expect(source.importsModule('torch')).toBe(false);
    const [build, run] = source.functions();
    expect(build.decorators).toEqual(['kfp.dsl.pipeline(name="x")']);
    expect(callStatements(build.body)).toHaveLength(4);
    expect(run.decorators).toEqual(['zenml.pipeline']);
  });

  it('leaves string literals as they are: an image URI is not an imported name', () => {
    const source = PythonSource.parse(
      'p.py',
      `from aws_cdk import aws_sagemaker as sagemaker

image = f"{account}.dkr.ecr.{region}.amazonaws.com/sagemaker/xgboost:1.7"
prefix = 'models/sagemaker/' + name
endpoint = sagemaker.CfnEndpoint(scope, "Endpoint")
`,
    );
    expect(source.code).toContain('amazonaws.com/sagemaker/xgboost:1.7"');
    expect(source.code).toContain("'models/sagemaker/' + name");
    expect(source.code).toContain(
      'aws_cdk.aws_sagemaker.CfnEndpoint(scope, "Endpoint")',
    );
  });

  it('removes comments and docstrings but keeps ordinary strings', () => {
    const stripped = stripPythonNoise(
      '"""Uses mlflow.register_model."""\nx = "#not a comment"  # comment\n',
    );
    expect(stripped).toBe('""\nx = "#not a comment"  \n');
  });

  it('reads keyword arguments', () => {
    expect(
      keywordArgument(
        'DAG(dag_id="x", schedule=timedelta(days=1), catchup=False)',
        'schedule',
      ),
    ).toBe('timedelta(days=1)');
    expect(
      keywordArgument('DAG(schedule_interval="@daily")', 'schedule'),
    ).toBeUndefined();
  });
});
