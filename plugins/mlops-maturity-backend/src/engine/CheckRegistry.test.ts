import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { CheckRegistry } from './CheckRegistry';

const baseCheck: MaturityCheck = {
  id: 'deploy.standard-base-image',
  title: 'Standard base image',
  description: 'Images build FROM an approved base image.',
  dimension: 'deployment',
  level: 1,
  persona: 'devops',
  sources: ['repository'],
  remediation: 'Use an approved base image.',
  parameters: {
    allowedBaseImages: {
      type: 'string[]',
      default: ['python:3.12-slim'],
      description: 'Approved base images',
    },
    maxAgeDays: { type: 'number', default: 30, description: 'Age', min: 1 },
  },
  evaluate: ctx => ({
    status: 'pass',
    message: JSON.stringify(ctx.params),
    evidence: [],
  }),
};

const create = (
  overrides: Record<string, unknown>,
  customChecks: unknown[] = [],
) =>
  CheckRegistry.create({
    checks: [baseCheck],
    overrides: overrides as any,
    customChecks: customChecks as any,
  });

describe('CheckRegistry', () => {
  it('applies level, weight, persona, capabilities and params overrides', async () => {
    const registry = create({
      'deploy.standard-base-image': {
        level: 2,
        weight: 3,
        persona: 'ml-engineer',
        capabilities: ['model-packaging'],
        requireObserved: true,
        params: { allowedBaseImages: ['nvcr.io/nvidia/*'] },
      },
    });
    const [check] = registry.list();
    expect(check.definition).toMatchObject({
      level: 2,
      weight: 3,
      persona: 'ml-engineer',
      required: true,
      capabilities: ['model-packaging'],
      requireObserved: true,
    });
    expect(check.params).toEqual({
      allowedBaseImages: ['nvcr.io/nvidia/*'],
      maxAgeDays: 30,
    });
    const outcome = await check.evaluate({} as any);
    expect(JSON.parse(outcome.message).allowedBaseImages).toEqual([
      'nvcr.io/nvidia/*',
    ]);
  });

  it('counts a check toward the level when the capability table names it, unless kept out', () => {
    const named = { ...baseCheck, id: 'deploy.containerized' };
    const registry = (overrides: Record<string, unknown>) =>
      CheckRegistry.create({
        checks: [baseCheck, named],
        overrides: overrides as any,
        customChecks: [],
      }).definitions();
    expect(registry({}).map(d => [d.id, d.required])).toEqual([
      ['deploy.standard-base-image', false],
      ['deploy.containerized', true],
    ]);
    expect(
      registry({ 'deploy.containerized': { required: false } })[1].required,
    ).toBe(false);
  });

  it('drops disabled checks', () => {
    const registry = create({
      'deploy.standard-base-image': { enabled: false },
    });
    expect(registry.list()).toEqual([]);
    expect(registry.has('deploy.standard-base-image')).toBe(false);
    expect(create({}).has('deploy.standard-base-image')).toBe(true);
  });

  it.each([
    [{ level: 3 }, "field 'level': expected 1 or 2"],
    [{ weight: -1 }, "field 'weight'"],
    [{ persona: 'manager' }, "field 'persona'"],
    [{ required: 'yes' }, "field 'required'"],
    [
      { required: true },
      "field 'required': a check counts toward the level through a capability",
    ],
    [
      { capabilities: 'model-packaging' },
      "field 'capabilities': expected a list",
    ],
    [
      { capabilities: ['deploy-fast'] },
      "field 'capabilities': unknown capability 'deploy-fast'",
    ],
    [{ colour: 'red' }, "field 'colour': unknown field"],
    [
      { params: { allowedBaseImages: 'python' } },
      "field 'params.allowedBaseImages': expected a list of strings",
    ],
    [
      { params: { maxAgeDays: 0 } },
      "field 'params.maxAgeDays': must be at least 1",
    ],
    [
      { params: { nope: 1 } },
      "field 'params.nope': the check has no such parameter",
    ],
  ])('rejects %j naming the check id and field', (override, message) => {
    expect(() => create({ 'deploy.standard-base-image': override })).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          `check 'deploy.standard-base-image', ${message}`,
        ),
      }),
    );
  });

  it('ignores a retired parameter with a warning instead of refusing an old config', () => {
    const registry = CheckRegistry.create({
      checks: [
        {
          ...baseCheck,
          retiredParameters: {
            baseImageRegistry: 'images are matched by name',
          },
        },
      ],
      overrides: {
        'deploy.standard-base-image': {
          params: { baseImageRegistry: 'nvcr.io', maxAgeDays: 7 },
        },
      } as any,
      customChecks: [],
    });
    expect(registry.list()[0].params).toEqual({
      allowedBaseImages: ['python:3.12-slim'],
      maxAgeDays: 7,
    });
    expect(registry.warnings).toEqual([
      "MLOps maturity check 'deploy.standard-base-image' no longer takes params.baseImageRegistry, so the setting is ignored: images are matched by name",
    ]);
    expect(create({}).warnings).toEqual([]);
  });

  it('rejects overrides of checks that do not exist', () => {
    expect(() => create({ 'deploy.typo': { weight: 2 } })).toThrow(
      /check 'deploy.typo': no check has this id/,
    );
  });

  it('adds valid custom checks and rejects invalid ones with their id and field', () => {
    const registry = create({}, [
      {
        id: 'org.has-runbook',
        title: 'Has a runbook',
        dimension: 'governance',
        level: 1,
        persona: 'devops',
        rule: { fact: 'catalog.linksByType.runbook', exists: true },
      },
    ]);
    expect(registry.list().map(c => c.definition.id)).toEqual([
      'deploy.standard-base-image',
      'org.has-runbook',
    ]);
    expect(() =>
      create({}, [
        {
          id: 'org.bad',
          title: 'Bad',
          dimension: 'governance',
          level: 1,
          persona: 'devops',
          rule: { fact: 'catalog.lifecycle', exists: true, equals: 'x' },
        },
      ]),
    ).toThrow(/'org.bad'.*field 'rule': expected exactly one of/);
    expect(() =>
      create({}, [
        {
          id: 'org.dim',
          title: 'x',
          dimension: 'vibes',
          level: 1,
          persona: 'devops',
          rule: { fact: 'catalog.x', exists: true },
        },
      ]),
    ).toThrow(/'org.dim'.*field 'dimension'/);
  });

  it('rejects duplicate ids', () => {
    expect(() =>
      CheckRegistry.create({
        checks: [baseCheck, baseCheck],
        overrides: {},
        customChecks: [],
      }),
    ).toThrow(/Duplicate .* 'deploy.standard-base-image'/);
  });
});
