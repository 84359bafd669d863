import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('reproducible environments and dependencies', () => {
  it('accepts lock files and fully pinned requirements, rejects unpinned ones', async () => {
    const facts = await analyzeFiles({
      'poetry.lock':
        '[[package]]\nname = "numpy"\nversion = "1.26.4"\n\n[[package]]\nname = "pandas"\nversion = "2.2.2"\n',
      'services/api/requirements.txt':
        '# pinned by pip-compile\nfastapi==0.111.0\nuvicorn[standard]==0.30.1 \\\n    --hash=sha256:abc\nscikit-learn==1.4.2 ; python_version >= "3.10"\n-e .\n',
      'training/requirements.txt':
        'pandas>=2.0\nscikit-learn\nmlflow==2.14.1\nxgboost~=2.0\n',
      'training/requirements-dev.txt': '-c constraints.txt\npytest\n',
      'training/constraints.txt': 'pytest==8.2.2\n',
    });
    expect(
      signalsOf(facts, 'reproducible-env')
        .map(s => `${s.tool}:${s.path}`)
        .sort(),
    ).toEqual([
      'pip:services/api/requirements.txt',
      'pip:training/requirements-dev.txt',
      'poetry:poetry.lock',
    ]);
    expect(rejectionsOf(facts, 'reproducible-env')[0].reason).toBe(
      'training/requirements.txt leaves 3 of 4 requirements unpinned (`pandas`, `scikit-learn` and `xgboost`), so installs drift over time',
    );
  });

  it('judges conda environments and MLproject environments', async () => {
    const facts = await analyzeFiles({
      'environment.yml':
        'name: fraud\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - numpy=1.26.4\n  - pip\n  - pip:\n      - mlflow==2.14.1\n',
      'ml/conda.yaml':
        'name: train\ndependencies:\n  - python>=3.9\n  - scikit-learn\n',
      'ml/MLproject':
        'name: fraud\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n',
      'other/MLproject':
        'name: bare\nentry_points:\n  main:\n    command: python x.py\n',
    });
    expect(
      signalsOf(facts, 'reproducible-env')
        .map(s => `${s.tool}:${s.path}`)
        .sort(),
    ).toEqual(['conda:environment.yml', 'mlflow-projects:ml/MLproject']);
    expect(
      rejectionsOf(facts, 'reproducible-env')
        .map(r => r.path)
        .sort(),
    ).toEqual(['ml/conda.yaml', 'other/MLproject']);
  });

  it('collects normalised dependency names from every manifest', async () => {
    const facts = await analyzeFiles({
      'pyproject.toml': `[project]
name = "fraud"
dependencies = ["scikit_learn>=1.4", "MLflow[extras]==2.14.1", "pandas ; python_version > '3.9'"]

[project.optional-dependencies]
dev = ["pytest"]

[tool.poetry.dependencies]
python = "^3.11"
Great-Expectations = { version = "^0.18", optional = true }

[tool.poetry.group.dev.dependencies]
ruff = "^0.4"
`,
      'setup.cfg':
        '[options]\ninstall_requires =\n    requests>=2\n    pydantic==2.7.1\n\n[options.extras_require]\n',
      'setup.py':
        'from setuptools import setup\nsetup(name="x", install_requires=["numpy>=1.26", "torch"])\n',
      Pipfile: '[packages]\nfastapi = "*"\n\n[dev-packages]\nblack = "*"\n',
      'environment.yml':
        'dependencies:\n  - conda-forge::xgboost=2.0.3\n  - pip:\n    - evidently==0.4.30\n',
      'web/package.json': JSON.stringify({
        dependencies: { '@Backstage/Core': '1.0.0', langfuse: '^3' },
        devDependencies: { jest: '^29' },
      }),
      'gateway/go.mod':
        'module acme/gateway\n\ngo 1.22\n\nrequire (\n\tgithub.com/prometheus/client_golang v1.19.0\n)\nrequire github.com/stretchr/testify v1.9.0\n',
    });
    expect(facts.dependencies).toEqual(
      expect.arrayContaining([
        'scikit-learn',
        'mlflow',
        'pandas',
        'pytest',
        'great-expectations',
        'ruff',
        'requests',
        'pydantic',
        'numpy',
        'torch',
        'fastapi',
        'black',
        'xgboost',
        'evidently',
        '@backstage/core',
        'langfuse',
        'jest',
        'github.com/prometheus/client_golang',
        'github.com/stretchr/testify',
      ]),
    );
    expect(facts.dependencies).not.toContain('python');
    expect(facts.dependencies).toEqual([...facts.dependencies].sort());
  });
});
