import fs from 'fs';
import os from 'os';
import path from 'path';
import { main } from './main';

const README = `# Churn model

Predicts which customers will cancel their subscription in the next thirty days, so the
retention team can reach out with an offer before they leave. The model is retrained from
the warehouse export and served behind a small HTTP API.

## Training

Run \`dvc repro\` to prepare the data, train the gradient boosted model and evaluate it on
the hold-out month. Parameters live in params.yaml; runs are logged to the tracking server
with their parameters, metrics and the trained model, so every result can be traced back.

## Serving

The Docker image starts the API with uvicorn. It loads the model file produced by the
training stage and answers scoring requests with a probability and the model version.

## Ownership

The retention analytics team owns the model; questions go to their channel. Changes are
reviewed by a second data scientist before they are merged into the main branch.
`;

/** A small service that shows every Level 1 capability of a classic ML service. */
const LEVEL_1_FILES: Record<string, string> = {
  'README.md': README,
  'dvc.yaml': `stages:
  prepare:
    cmd: python src/prepare.py
    deps: [src/prepare.py]
    outs: [data/prepared.csv]
  train:
    cmd: python src/train.py
    deps: [src/train.py, data/prepared.csv]
    params: [train.learning_rate]
    outs: [models/model.pkl]
`,
  'params.yaml': 'train:\n  learning_rate: 0.1\n',
  'src/prepare.py':
    'import pandas as pd\n\ndf = pd.read_csv("data/raw.csv")\ndf.dropna().to_csv("data/prepared.csv")\n',
  'src/train.py': `import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

with mlflow.start_run():
    data = pd.read_csv("data/prepared.csv")
    model = GradientBoostingClassifier(learning_rate=0.1)
    model.fit(data.drop(columns=["churned"]), data["churned"])
    mlflow.log_param("learning_rate", 0.1)
    mlflow.log_metric("train_accuracy", model.score(data.drop(columns=["churned"]), data["churned"]))
    mlflow.sklearn.log_model(model, "model")
`,
  Dockerfile:
    'FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]\n',
  'requirements.txt':
    'pandas==2.2.2\nscikit-learn==1.5.0\nmlflow==2.14.1\nfastapi==0.111.0\nuvicorn==0.30.1\n',
};

describe('mlops-maturity CLI', () => {
  let dir: string;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-cli-'));
    stdout = '';
    stderr = '';
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      stdout += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
      stderr += String(chunk);
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (file: string, content: string, base = dir) => {
    fs.mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
    fs.writeFileSync(path.join(base, file), content);
  };
  const writeAll = (files: Record<string, string>, base = dir) =>
    Object.entries(files).forEach(([file, content]) =>
      write(file, content, base),
    );
  const json = () => JSON.parse(stdout);
  const check = (id: string) => json().checks.find((c: any) => c.id === id);

  it('prints the REST scorecard shape with --json, reading catalog-info.yaml', async () => {
    write(
      'catalog-info.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: churn\nspec:\n  type: llm-service\n  owner: group:default/ds\n',
    );
    write('Dockerfile', 'FROM python:3.12-slim\n');
    expect(await main(['score', dir, '--json'])).toBe(0);
    expect(json()).toMatchObject({
      entityRef: 'component:default/churn',
      flavor: 'llm',
      level: 0,
    });
    expect(check('deploy.containerized').status).toBe('pass');
    expect(check('gov.owner').status).toBe('pass');
    expect(json().capabilities.map((c: any) => c.id)).toContain('llm-delivery');
  });

  it('explains the level by capability, with declared and observed marks and who fixes what', async () => {
    writeAll(LEVEL_1_FILES);
    expect(await main(['score', dir])).toBe(0);
    expect(stdout).toContain(
      'Level 1 — Semi-automated (rests on declared evidence)',
    );
    expect(stdout).toContain(
      '[✔] Reproducible training pipeline (core) — by pipeline.defined [declared]',
    );
    expect(stdout).toContain('Level 2 needs at least 3 of:');
    expect(stdout).toMatch(/To reach Level 2 \(3 more of the non-core ones\):/);
    expect(stdout).toContain('DevOps engineer:');
    expect(stdout).toMatch(/\[PASS {6}\] L1 pipeline\.defined \[declared\]/);
  });

  it('says which checks a bare checkout cannot decide, and keeps them out of the level and score', async () => {
    writeAll(LEVEL_1_FILES);
    expect(await main(['score', dir, '--json'])).toBe(0);
    expect(check('gov.owner')).toMatchObject({
      status: 'unknown',
      decidable: false,
    });
    expect(json().undecidable.map((u: any) => u.id)).toEqual(
      expect.arrayContaining(['gov.owner', 'deploy.frequency']),
    );
    stdout = '';
    await main(['score', dir]);
    expect(stdout).toContain('Not decided from this checkout');
    expect(stdout).toContain(
      'gov.owner: this check needs a catalog entity (catalog-info.yaml)',
    );
  });

  it('detects the LLM flavour from the SDKs the code uses, and --flavor overrides it', async () => {
    write('requirements.txt', 'streamlit==1.36.0\nopenai==1.35.0\n');
    write(
      'app.py',
      'import streamlit as st\nfrom openai import OpenAI\n\nclient = OpenAI()\nst.write(client.chat.completions.create(model="gpt-4o", messages=[]))\n',
    );
    expect(await main(['score', dir, '--json'])).toBe(0);
    expect(json().flavor).toBe('llm');
    // An LLM app on a hosted model is not asked for a training pipeline.
    expect(check('pipeline.defined')).toMatchObject({
      status: 'not-applicable',
      message: expect.stringContaining('taken to use a hosted model'),
    });
    stdout = '';
    // One that fine-tunes its own model is.
    writeAll({
      'dvc.yaml': LEVEL_1_FILES['dvc.yaml'],
      'src/prepare.py': LEVEL_1_FILES['src/prepare.py'],
      'src/train.py': LEVEL_1_FILES['src/train.py'],
    });
    expect(await main(['score', dir, '--json'])).toBe(0);
    expect(json().flavor).toBe('llm');
    expect(check('pipeline.defined').status).toBe('pass');
    for (const file of ['dvc.yaml', 'src/prepare.py', 'src/train.py']) {
      fs.rmSync(path.join(dir, file));
    }
    stdout = '';
    expect(await main(['score', dir, '--flavor', 'ml', '--json'])).toBe(0);
    expect(json().flavor).toBe('ml');
    stdout = '';
    await main(['score', dir]);
    expect(stdout).toContain(
      'flavour: llm (detected: LLM packages in the dependencies: `openai`',
    );
  });

  it('scores a folder of a git work tree with the root CI definitions that name it', async () => {
    fs.mkdirSync(path.join(dir, '.git'));
    writeAll(LEVEL_1_FILES, path.join(dir, 'services', 'churn'));
    write(
      '.github/workflows/churn.yml',
      `on:
  pull_request:
    paths: ['services/churn/**']
jobs:
  test:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: services/churn
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && pytest
`,
    );
    write(
      '.github/workflows/other.yml',
      'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cd services/search && pytest\n',
    );
    expect(
      await main(['score', path.join(dir, 'services', 'churn'), '--json']),
    ).toBe(0);
    const jobs = json().checks.find((c: any) => c.id === 'exp.version-control');
    expect(jobs.status).toBe('pass');
    stdout = '';
    await main(['score', path.join(dir, 'services', 'churn')]);
    expect(stdout).toContain(
      'folder: services/churn of its repository, with the root CI definitions that name it',
    );
    expect(stdout).toContain('.github/workflows/churn.yml');
    expect(stdout).not.toContain('.github/workflows/other.yml');
  });

  it('applies check overrides and observed-evidence levels from --config', async () => {
    writeAll(LEVEL_1_FILES);
    write(
      'app-config.yaml',
      'mlopsMaturity:\n  levels:\n    requireObserved: [1]\n  checks:\n    deploy.standard-base-image:\n      params:\n        allowedBaseImages: [python:3.12-slim]\n',
    );
    expect(
      await main([
        'score',
        dir,
        '--json',
        '--config',
        path.join(dir, 'app-config.yaml'),
      ]),
    ).toBe(0);
    expect(json().level).toBe(0);
    expect(
      json().capabilities.find((c: any) => c.id === 'training-pipeline'),
    ).toMatchObject({
      status: 'unverified',
      note: expect.stringContaining('Level 1 requires observed evidence'),
    });
    expect(check('deploy.standard-base-image').status).toBe('pass');

    write(
      'bad.yaml',
      'mlopsMaturity:\n  checks:\n    deploy.nope: { weight: 2 }\n',
    );
    expect(
      await main(['score', dir, '--config', path.join(dir, 'bad.yaml')]),
    ).toBe(2);
    expect(stderr).toContain("check 'deploy.nope': no check has this id");
    expect(
      await main(['score', dir, '--config', path.join(dir, 'missing.yaml')]),
    ).toBe(2);
    expect(stderr).toContain('Cannot read the config file');
  });

  it('does not let waivers from the checkout itself satisfy --min-level unless --allow-waivers', async () => {
    const { 'dvc.yaml': _pipeline, ...withoutPipeline } = LEVEL_1_FILES;
    writeAll(withoutPipeline);
    write(
      'catalog-info.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: churn\n  annotations:\n    mlops-maturity.io/waivers: pipeline.defined:2999-01-01\nspec:\n  type: ml-service\n  owner: group:default/ds\n',
    );
    expect(await main(['score', dir, '--json'])).toBe(0);
    expect(json()).toMatchObject({ level: 1, levelRestsOnWaivers: true });
    stdout = '';
    expect(await main(['score', dir, '--min-level', '1'])).toBe(1);
    expect(stderr).toContain(
      'Level 1 rests on waivers; without them the level is 0 (Manual), below --min-level 1',
    );
    expect(
      await main(['score', dir, '--min-level', '1', '--allow-waivers']),
    ).toBe(0);
  });

  it('exits 1 below --min-level and 2 on bad input', async () => {
    write('train.py', 'print("training")\n');
    expect(await main(['score', dir, '--min-level', '1'])).toBe(1);
    expect(await main(['score', path.join(dir, 'missing')])).toBe(2);
    expect(stderr).toContain('is not a directory');
    write('catalog-info.yaml', 'kind: Component\nmetadata: [unclosed\n');
    expect(await main(['score', dir])).toBe(2);
    expect(stderr).toContain('catalog-info.yaml is not valid YAML');
    expect(await main(['score'])).toBe(2);
    expect(stderr).toContain("missing required argument 'dir'");
    expect(await main(['score', dir, '--min-level', '7'])).toBe(2);
    expect(stderr).toContain(
      "argument '7' is invalid. Allowed choices are 0, 1, 2.",
    );
    expect(await main(['score', dir, '--flavor', 'gpt'])).toBe(2);
    expect(stderr).toContain(
      "argument 'gpt' is invalid. Allowed choices are ml, llm.",
    );
    expect(await main(['score', dir, '--config'])).toBe(2);
    expect(stderr).toContain(
      "option '--config <app-config.yaml>' argument missing",
    );
    expect(await main(['score', dir, 'other-dir'])).toBe(2);
    expect(stderr).toContain('too many arguments');
    expect(await main(['frobnicate'])).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
    expect(await main([])).toBe(2);
  });

  it("prints each command's help, and a usage error shows the command's options", async () => {
    expect(await main(['--help'])).toBe(0);
    expect(stdout).toMatch(/^Usage: mlops-maturity <command> \[options\]/);
    expect(stdout).toMatch(/^ {2}score \[options\] <dir> {2,}Scores/m);
    expect(stdout).toContain('Exit codes 0 scored');
    stdout = '';
    expect(await main(['help', 'calibrate'])).toBe(0);
    expect(stdout).toMatch(/^Usage: mlops-maturity calibrate <labels.json>/);
    stdout = '';
    expect(await main(['score', '--help'])).toBe(0);
    expect(stdout).toMatch(/^Usage: mlops-maturity score <dir> \[options\]/);
    expect(stdout).toMatch(/^ {2}--min-level <0\|1\|2> {2,}Exits with 1/m);
    stdout = '';
    expect(
      await main(['calibrate', 'labels.json', '--repos', dir, '--bogus']),
    ).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
    expect(stderr).toMatch(/^ {2}--repos <dir> {2,}Where/m);
    expect(stdout).toBe('');
  });

  describe('calibrate', () => {
    const labels = (repos: object[]) => {
      write('labels.json', JSON.stringify({ rubric: 'test', repos }));
      return path.join(dir, 'labels.json');
    };

    it('scores every labelled checkout and reports agreement with the expert', async () => {
      writeAll(LEVEL_1_FILES, path.join(dir, 'repos', 'acme+churn'));
      write(
        'notebooks/explore.ipynb',
        '{"cells": []}',
        path.join(dir, 'repos', 'acme+lab', 'team-a'),
      );
      const file = labels([
        {
          repo: 'acme/churn',
          commit: 'abc',
          subdir: '',
          kind: 'classic-ml',
          level: 1,
          acceptable_levels: [1, 2],
        },
        {
          repo: 'acme/lab',
          commit: 'def',
          subdir: 'team-a',
          kind: 'classic-ml',
          level: 0,
          acceptable_levels: [0],
        },
        {
          repo: 'acme/absent',
          commit: 'ghi',
          subdir: '',
          kind: 'classic-ml',
          level: 2,
          acceptable_levels: [2],
        },
      ]);
      expect(
        await main([
          'calibrate',
          file,
          '--repos',
          path.join(dir, 'repos'),
          '--json',
        ]),
      ).toBe(0);
      const report = json();
      expect(report).toMatchObject({
        withinBand: 2,
        exact: 2,
        total: 3,
        levelZeroAtTwo: 0,
      });
      expect(report.confusion).toEqual([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ]);
      expect(report.rows[0].capabilities).toContain('training-pipeline');
      expect(report.rows[2].error).toContain('is not a directory');
      stdout = '';
      await main(['calibrate', file, '--repos', path.join(dir, 'repos')]);
      expect(stdout).toContain('within band: 2/3');
      expect(stdout).toContain(
        'Spearman rank correlation (score vs expert level): 1.000',
      );
      stdout = '';
      await main([
        'calibrate',
        file,
        '--repos',
        path.join(dir, 'repos'),
        '--markdown',
      ]);
      expect(stdout).toContain(
        '| acme/lab / team-a | classic-ml | ml | 0 | 0 | 0 |',
      );
      expect(stdout).toContain('- within band: **2/3**');
    });

    it('rejects malformed labels and a missing --repos', async () => {
      expect(
        await main([
          'calibrate',
          labels([{ repo: 'acme', level: 1, acceptable_levels: [1] }]),
          '--repos',
          dir,
        ]),
      ).toBe(2);
      expect(stderr).toContain('repos[0].repo must be "owner/name"');
      expect(
        await main([
          'calibrate',
          labels([{ repo: 'acme/x', level: 3, acceptable_levels: [1] }]),
          '--repos',
          dir,
        ]),
      ).toBe(2);
      expect(stderr).toContain('repos[0].level must be 0, 1 or 2');
      expect(await main(['calibrate', path.join(dir, 'labels.json')])).toBe(2);
      expect(stderr).toContain("required option '--repos <dir>' not specified");
    });
  });
});
