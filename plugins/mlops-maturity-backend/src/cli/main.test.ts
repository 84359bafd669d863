import fs from 'fs';
import os from 'os';
import path from 'path';
import { main } from './main';

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

  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };

  it('prints the REST scorecard shape with --json, reading catalog-info.yaml', async () => {
    write(
      'catalog-info.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: churn\nspec:\n  type: llm-service\n  owner: group:default/ds\n',
    );
    write('Dockerfile', 'FROM python:3.12-slim\n');
    expect(await main(['score', dir, '--json'])).toBe(0);
    const card = JSON.parse(stdout);
    expect(card).toMatchObject({
      entityRef: 'component:default/churn',
      flavor: 'llm',
      level: 0,
    });
    expect(
      card.checks.find((c: any) => c.id === 'deploy.containerized').status,
    ).toBe('pass');
    expect(card.checks.find((c: any) => c.id === 'gov.owner').status).toBe(
      'pass',
    );
  });

  it('prints a readable report with the next-level blockers', async () => {
    write('train.py', 'print("training")\n');
    expect(await main(['score', dir])).toBe(0);
    expect(stdout).toContain('Level 0 — Manual');
    expect(stdout).toContain('To reach Level 1:');
    expect(stdout).toContain('fix: ');
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
    expect(await main(['score', dir, '--min-level', '7'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
  });
});
