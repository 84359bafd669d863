import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import http from 'http';
import net, { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { UpstreamHttpClient } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DEFAULT_SERIES_QUERIES, PrometheusSettings } from './config';
import { PrometheusCollector } from './PrometheusCollector';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

/*
 * Runs the collector against a real Prometheus server (Debian's `prometheus` package),
 * which scrapes a small exporter started here and evaluates a real rule file.
 */

jest.setTimeout(60_000);

const PROMETHEUS_BINARY =
  process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';
const STARTUP_TIMEOUT_MS = 30_000;

const EXPOSITION = `# HELP fraud_feature_drift_score Population stability index of the input features.
# TYPE fraud_feature_drift_score gauge
fraud_feature_drift_score{feature="amount"} 0.12
fraud_feature_drift_score{feature="merchant_country"} 0.41
# HELP model_auc AUC of the production model on labelled traffic.
# TYPE model_auc gauge
model_auc 0.91
# HELP fraud_loss_basis_points Fraud losses in basis points of processed volume.
# TYPE fraud_loss_basis_points gauge
fraud_loss_basis_points 9
# HELP llm_tokens_total Tokens sent to and received from the explanation model.
# TYPE llm_tokens_total counter
llm_tokens_total{kind="prompt"} 1234
llm_tokens_total{kind="completion"} 321
# HELP fraud_feature_null_share Share of null values per feature.
# TYPE fraud_feature_null_share gauge
fraud_feature_null_share{feature="amount"} 0.001
# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0"} 87
# HELP fraud_requests_total Scored transactions.
# TYPE fraud_requests_total counter
fraud_requests_total{code="200"} 1027
`;
const EXPORTED = [...EXPOSITION.matchAll(/^# TYPE (\S+)/gm)].map(m => m[1]);

const RULES = `groups:
  - name: fraud-detector
    rules:
      - alert: FraudFeatureDrift
        expr: max(fraud_feature_drift_score{job="fraud-detector"}) > 0.3
        for: 10m
        labels: { severity: page }
        annotations: { summary: "Input drift on {{ $labels.job }}" }
      - alert: FraudModelAucLow
        expr: model_auc{job="fraud-detector"} < 0.8
        labels: { severity: ticket }
      - alert: FraudLossHigh
        expr: fraud_loss_basis_points > 12
        labels: { service: fraud-detector, severity: page }
      - record: job:fraud_requests:rate1m
        expr: sum by (job) (rate(fraud_requests_total[1m]))
  - name: platform
    rules:
      - alert: CheckoutDown
        expr: up{job="checkout"} == 0
        for: 1m
`;

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'prometheus.io/instance': 'local', ...annotations },
    },
    spec: {
      type: 'ml-service',
      owner: 'group:default/fraud',
      lifecycle: 'production',
    },
  };
}

const noSeries = {
  drift: [],
  modelQuality: [],
  kpi: [],
  tokens: [],
  gpu: [],
  gpuCost: [],
  feedback: [],
  outputQuality: [],
  dataQuality: [],
};

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  return port;
}

describe('PrometheusCollector against a real Prometheus', () => {
  let directory: string;
  let exporter: http.Server;
  let prometheus: ChildProcess | undefined;
  let output = '';
  let baseUrl: string;

  /** Polls until `ready` returns true; fails with Prometheus's output after the deadline. */
  async function waitFor(
    what: string,
    ready: () => Promise<boolean>,
    deadline: number,
  ) {
    for (;;) {
      if (prometheus?.exitCode !== null) {
        throw new Error(
          `Prometheus exited (${prometheus?.exitCode}) while waiting for ${what}:\n${output}`,
        );
      }
      if (await ready().catch(() => false)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Prometheus did not get ${what} within ${STARTUP_TIMEOUT_MS} ms:\n${output}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  async function instantQuery(query: string) {
    const response = await fetch(
      `${baseUrl}/api/v1/query?${new URLSearchParams({ query })}`,
    );
    const body = await response.json();
    return body.data.result as Array<{
      metric: Record<string, string>;
      value: [number, string];
    }>;
  }

  beforeAll(async () => {
    if (!fs.existsSync(PROMETHEUS_BINARY)) {
      throw new Error(
        `Prometheus is not installed (${PROMETHEUS_BINARY} is missing): run scripts/test.sh, which installs Debian's prometheus package, or set PROMETHEUS_BINARY`,
      );
    }
    directory = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'mlops-prometheus-'),
    );
    exporter = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        })
        .end(EXPOSITION);
    });
    await new Promise<void>(resolve =>
      exporter.listen(0, '127.0.0.1', resolve),
    );
    const exporterPort = (exporter.address() as AddressInfo).port;
    // Nothing listens here, so the checkout job is scraped and found down.
    const deadPort = await freePort();
    const prometheusPort = await freePort();
    baseUrl = `http://127.0.0.1:${prometheusPort}`;

    await fs.promises.writeFile(path.join(directory, 'rules.yml'), RULES);
    await fs.promises.writeFile(
      path.join(directory, 'prometheus.yml'),
      `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
scrape_configs:
  - job_name: fraud-detector
    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]
  - job_name: checkout
    static_configs: [{ targets: ['127.0.0.1:${deadPort}'] }]
`,
    );
    prometheus = spawn(
      PROMETHEUS_BINARY,
      [
        `--config.file=${path.join(directory, 'prometheus.yml')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        `--storage.tsdb.path=${path.join(directory, 'data')}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', chunk => {
      output += chunk;
    });
    prometheus.stderr!.on('data', chunk => {
      output += chunk;
    });

    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    await waitFor(
      'ready',
      async () => (await fetch(`${baseUrl}/-/ready`)).ok,
      deadline,
    );
    await waitFor(
      'a first scrape of both jobs',
      async () => {
        const up = await instantQuery('up');
        const names = (
          await instantQuery('count by (__name__) ({job="fraud-detector"})')
        ).map(s => s.metric.__name__);
        return (
          up.some(
            s => s.metric.job === 'fraud-detector' && s.value[1] === '1',
          ) &&
          up.some(s => s.metric.job === 'checkout') &&
          EXPORTED.every(name => names.includes(name))
        );
      },
      deadline,
    );
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise(resolve => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      const killTimer = setTimeout(() => prometheus!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    }
    if (exporter?.listening) {
      await new Promise(resolve => exporter.close(resolve));
    }
    if (directory) {
      await fs.promises.rm(directory, { recursive: true, force: true });
    }
  });

  function collector(overrides: Partial<PrometheusSettings> = {}) {
    const instance = new PrometheusCollector({
      settings: {
        instances: [{ name: 'local', baseUrl }],
        queries: DEFAULT_SERIES_QUERIES,
        rulesCacheSeconds: 60,
        ...overrides,
      },
      http: new UpstreamHttpClient({
        name: 'prometheus',
        logger: mockServices.logger.mock(),
      }),
    });
    return (annotations: Record<string, string>, name = 'fraud-detector') =>
      instance.collect(
        mockCollectContext({
          entity: entity(name, annotations),
          logger: mockServices.logger.mock(),
        }),
      );
  }

  it('collects the scraped job, its series families and the alert rules that cover it', async () => {
    await expect(
      collector()({
        'prometheus.io/job': 'fraud-detector',
        'mlops-maturity.io/kpi': 'fraud_loss_basis_points',
      }),
    ).resolves.toEqual({
      provider: 'prometheus',
      instance: 'local',
      job: 'fraud-detector',
      scraped: true,
      alertRules: ['FraudFeatureDrift', 'FraudLossHigh', 'FraudModelAucLow'],
      series: {
        ...noSeries,
        drift: ['fraud_feature_drift_score'],
        modelQuality: ['model_auc'],
        kpi: ['fraud_loss_basis_points'],
        tokens: ['llm_tokens_total'],
        gpu: ['DCGM_FI_DEV_GPU_UTIL'],
        dataQuality: ['fraud_feature_null_share'],
      },
      alertsFor: {
        drift: ['FraudFeatureDrift'],
        modelQuality: ['FraudModelAucLow'],
        kpi: ['FraudLossHigh'],
      },
    });
  });

  it('finds no KPI series when the entity declares none and no name looks like one', async () => {
    const facts = await collector()({ 'prometheus.io/job': 'fraud-detector' });
    expect(facts.series.kpi).toEqual([]);
    expect(facts.alertsFor.kpi).toEqual([]);
  });

  it('reports a job whose target is down as not scraped', async () => {
    await expect(
      collector()({ 'prometheus.io/job': 'checkout' }, 'checkout'),
    ).resolves.toEqual({
      provider: 'prometheus',
      instance: 'local',
      job: 'checkout',
      scraped: false,
      alertRules: ['CheckoutDown'],
      series: noSeries,
      alertsFor: { drift: [], modelQuality: [], kpi: [] },
    });
  });

  it('reports an unknown job as not scraped, with nothing found', async () => {
    await expect(
      collector()(
        { 'prometheus.io/job': 'payments-ranker' },
        'payments-ranker',
      ),
    ).resolves.toMatchObject({
      scraped: false,
      alertRules: [],
      series: noSeries,
    });
  });

  it('keeps a hostile job name inside its string literal', async () => {
    const job = 'fraud-detector"} or vector(1) or up{job="';
    await expect(
      collector()({ 'prometheus.io/job': job }, 'hostile'),
    ).resolves.toMatchObject({
      job,
      scraped: false,
      series: noSeries,
    });
  });

  it('uses configured templates, comments included', async () => {
    const collect = collector({
      queries: {
        ...DEFAULT_SERIES_QUERIES,
        kpi: 'count by (__name__) ({job="{{job}}", __name__=~"fraud_loss_.*"}) # losses are our KPI',
      },
    });
    const facts = await collect({ 'prometheus.io/job': 'fraud-detector' });
    expect(facts.series.kpi).toEqual(['fraud_loss_basis_points']);
    expect(facts.alertsFor.kpi).toEqual(['FraudLossHigh']);
  });

  it('reports a template Prometheus cannot parse', async () => {
    const collect = collector({
      queries: {
        ...DEFAULT_SERIES_QUERIES,
        drift: 'count by (__name__) ({job="{{job}}"}',
      },
    });
    await expect(
      collect({ 'prometheus.io/job': 'fraud-detector' }),
    ).rejects.toMatchObject({
      kind: 'bad-request',
      status: 400,
      message: expect.stringMatching(
        /answered HTTP 400; check the templates in mlopsMaturity\.prometheus\.queries$/,
      ),
    });
  });
});
