import {
  analyzeRepository,
  isExcludedPath,
  RepoFile,
} from './analyzeRepository';
import { analyzeFiles, repoFiles, signalsOf } from './testUtils';

describe('analyzeRepository', () => {
  it('skips vendored directories, binaries and large files, and reads nothing it skips', async () => {
    const read = jest.fn(async () => Buffer.from('x'));
    const files: RepoFile[] = [
      ...repoFiles({
        Dockerfile: 'FROM python:3.12-slim\n',
        'node_modules/pkg/Dockerfile': 'FROM node:20\n',
        '.git/config': '[core]\n',
        'venv/lib/Dockerfile': 'FROM x\n',
        '.venv/Dockerfile': 'FROM x\n',
        'src/__pycache__/x.py': 'import mlflow\nmlflow.start_run()\n',
        'data/blob.txt': Buffer.from([0x66, 0x00, 0x67]),
        'big/Dockerfile': `FROM python:3.11\n${'#'.repeat(600 * 1024)}\n`,
      }),
      { path: 'models/model.pkl', read },
      { path: 'huge/requirements.txt', size: 10 * 1024 * 1024, read },
    ];
    const facts = await analyzeRepository({ location: 'file:/repo', files });
    expect(read).not.toHaveBeenCalled();
    expect(facts.fileCount).toBe(1);
    expect(facts.truncated).toBe(false);
    expect(signalsOf(facts, 'container-image').map(s => s.path)).toEqual([
      'Dockerfile',
    ]);
    expect(facts.firstCommitAt).toBeNull();
    expect(facts.location).toBe('file:/repo');
  });

  it('caps the number of files, reading evidence-bearing files first', async () => {
    const contents: Record<string, string> = {
      'a/b/c/notes.txt': 'hello',
      'z/other.txt': 'hello',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  test:\n    steps:\n      - run: pytest\n',
      'services/fraud/Dockerfile': 'FROM python:3.12-slim\n',
    };
    const facts = await analyzeFiles(contents, 2);
    expect(facts.truncated).toBe(true);
    expect(facts.fileCount).toBe(2);
    expect(signalsOf(facts, 'ci-job')).toHaveLength(1);
    expect(signalsOf(facts, 'container-image')).toHaveLength(1);
  });

  it('tolerates files that do not parse', async () => {
    const facts = await analyzeFiles({
      'dvc.yaml': 'stages:\n  train: [unclosed\n',
      'pyproject.toml': '[project\nname = ',
      'model_card.json': '{ "model_details": ',
      'src/broken.py': 'def f(:\n    """unterminated\n',
      'chart/Chart.yaml': 'name: x\n',
      'chart/templates/deploy.yaml':
        'kind: Deployment\nmetadata:\n  name: {{ .Values.missing.deeply.nested }\n',
      'notebook.ipynb': '{"cells": [',
      'README.md': '\uFEFF# Title\n',
    });
    expect(facts.signals.filter(s => s.kind === 'pipeline')).toHaveLength(0);
    expect(facts.fileCount).toBe(8);
  });

  it('is deterministic and sorted by path', async () => {
    const contents = {
      'b/Dockerfile': 'FROM python:3.12\n',
      'a/Dockerfile': 'FROM python:3.11\n',
      'requirements.txt': 'numpy==1.26.4\n',
    };
    const first = await analyzeFiles(contents);
    const second = await analyzeFiles(
      Object.fromEntries(Object.entries(contents).reverse()),
    );
    expect(second).toEqual(first);
    expect(first.signals.map(s => s.path)).toEqual([
      'a/Dockerfile',
      'b/Dockerfile',
      'requirements.txt',
    ]);
    expect(first.dependencies).toEqual(['numpy']);
  });

  it('normalises paths and drops duplicates', async () => {
    const facts = await analyzeRepository({
      location: 'x',
      files: repoFiles({
        './Dockerfile': 'FROM a\n',
        '/Dockerfile': 'FROM b\n',
        'sub\\Dockerfile': 'FROM c\n',
      }),
    });
    expect(signalsOf(facts, 'container-image').map(s => s.path)).toEqual([
      'Dockerfile',
      'sub/Dockerfile',
    ]);
  });

  it('does not count examples, samples, test fixtures, dev containers or vendored packages as the service', async () => {
    const facts = await analyzeFiles({
      'examples/dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n',
      'tests/fixtures/dvc.yaml':
        'stages:\n  train:\n    cmd: python train.py\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/python:3.11\n',
      'vendor/mlflow_helpers/register.py':
        'import mlflow\nmlflow.register_model("runs:/1/model", "fraud")\n',
      'lambda/requests-2.31.0.dist-info/top_level.txt': 'requests\n',
      'lambda/requests/Dockerfile': 'FROM python:3.12\n',
      'lambda/handler.py': 'def handler(event, context):\n    return {}\n',
    });
    expect(signalsOf(facts, 'pipeline')).toEqual([]);
    expect(signalsOf(facts, 'container-image')).toEqual([]);
    expect(signalsOf(facts, 'model-registration')).toEqual([]);
    // The service's own code next to the vendored packages is still read.
    expect(facts.fileCount).toBe(1);
  });

  it('scores a monorepo folder with the root CI definitions that name it, and only those', async () => {
    const facts = await analyzeRepository({
      location: 'file:/checkouts/mono',
      serviceRoot: 'services/fraud/',
      files: repoFiles({
        'services/fraud/Dockerfile': 'FROM python:3.12-slim\n',
        'services/search/Dockerfile': 'FROM python:3.12-slim\n',
        '.github/workflows/fraud.yml': `on:
  push:
    paths: ['services/fraud/**']
jobs:
  test:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: services/fraud
    steps:
      - run: pytest
`,
        '.github/workflows/search.yml': `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: cd services/search && pytest
`,
        'services/fraud/examples/Dockerfile': 'FROM python:3.12\n',
      }),
    });
    const underExamples = await analyzeRepository({
      location: 'file:/checkouts/tools',
      serviceRoot: 'examples/penguin',
      files: repoFiles({ 'examples/penguin/Dockerfile': 'FROM python:3.12\n' }),
    });
    // A service that lives under examples/ of its repository is still the service.
    expect(signalsOf(underExamples, 'container-image')).toHaveLength(1);
    // The folder's files go by their path in the folder; root CI keeps its own.
    expect(signalsOf(facts, 'container-image').map(s => s.path)).toEqual([
      'Dockerfile',
    ]);
    expect(signalsOf(facts, 'ci-job').map(s => s.path)).toEqual([
      '.github/workflows/fraud.yml',
    ]);
  });

  it('knows a CI job runs the LLM evaluation suite that its script imports', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/evaluate.yml': `on: push
jobs:
  evaluate:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: src/api
    steps:
      - uses: actions/checkout@v4
      - run: python -m evaluate
`,
      'src/api/evaluate.py':
        'from evals.suite import run_suite\n\nif __name__ == "__main__":\n    run_suite("evals/data.jsonl")\n',
      'src/api/evals/__init__.py': '',
      'src/api/evals/suite.py': `from azure.ai.evaluation import GroundednessEvaluator, RelevanceEvaluator, evaluate


def run_suite(data_path, model_config=None):
    return evaluate(
        data=data_path,
        evaluators={
            "groundedness": GroundednessEvaluator(model_config),
            "relevance": RelevanceEvaluator(model_config),
        },
    )
`,
      'src/api/evals/data.jsonl':
        '{"query": "What tents do you sell?", "response": "Alpine tents.", "context": "catalog"}\n{"query": "Return policy?", "response": "30 days.", "context": "policy"}\n',
    });
    const [job] = signalsOf(facts, 'ci-job');
    expect(job.attributes.activities).toContain('llm-eval');
    expect(job.detail).toContain(
      'it runs the LLM evaluation suite in src/api/evals/suite.py',
    );
  });

  it('refuses a service folder outside the repository', async () => {
    await expect(
      analyzeRepository({
        location: 'file:/checkouts/mono',
        serviceRoot: '../elsewhere',
        files: [],
      }),
    ).rejects.toThrow('The service folder ../elsewhere is outside the repository');
  });

  it('recognises excluded paths', () => {
    expect(isExcludedPath('node_modules/a.js')).toBe(true);
    expect(isExcludedPath('web/node_modules/a/b.json')).toBe(true);
    expect(isExcludedPath('.venv/')).toBe(true);
    expect(isExcludedPath('src/venv_utils.py')).toBe(false);
    expect(isExcludedPath('docs/.git-notes.md')).toBe(false);
  });
});
