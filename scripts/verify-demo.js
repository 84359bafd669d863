#!/usr/bin/env node
// Verifies the running demo through its public API and the CLI, and prints the figures
// (levels, check counts, refresh time) that the notes report.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const base = 'http://localhost:7007/api/mlops-maturity';
const token = process.env.MLOPS_E2E_TOKEN;
const headers = { Authorization: `Bearer ${token}` };
const root = path.resolve(__dirname, '..');
const deadline = Date.now() + 8 * 60_000;

const sleep = ms => new Promise(r => setTimeout(r, ms));
const fail = message => {
  console.error(`verify-demo: ${message}`);
  process.exit(1);
};

async function get(pathname) {
  const res = await fetch(`${base}${pathname}`, { headers });
  const body = await res.json().catch(() => undefined);
  return { status: res.status, body };
}

/** The demo's ML components, from the example repositories' catalog-info.yaml files. */
function demoServices() {
  const YAML = require('yaml');
  const reposDir = path.join(root, 'examples/repos');
  const docs = fs
    .readdirSync(reposDir)
    .flatMap(repo =>
      YAML.parseAllDocuments(
        fs.readFileSync(path.join(reposDir, repo, 'catalog-info.yaml'), 'utf8'),
      ).map(d => d.toJSON()),
    );
  const mlTypes = ['ml-service', 'ml-model', 'ml-pipeline', 'llm-service'];
  return docs.filter(d => d && d.kind === 'Component' && mlTypes.includes(d.spec?.type));
}

async function main() {
  const expected = demoServices();
  if (expected.length < 12) fail(`only ${expected.length} ML components in examples/repos`);
  const started = Date.now();
  let services;
  for (;;) {
    if (Date.now() > deadline) fail('timed out waiting for the demo services to be scored');
    try {
      const res = await get('/services?pageSize=500');
      if (res.status === 200 && res.body.totalCount >= expected.length) {
        services = res.body.items;
        break;
      }
      if (res.status === 401) fail('the static token was refused (401)');
    } catch {
      // backend still starting
    }
    await sleep(2000);
  }
  const waitedSeconds = Math.round((Date.now() - started) / 1000);

  const unauthenticated = await fetch(`${base}/services`);
  if (unauthenticated.status !== 401) fail(`unauthenticated request answered ${unauthenticated.status}, expected 401`);

  const rows = [];
  for (const service of services) {
    const [kind, rest] = service.entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const { status, body } = await get(`/scorecards/${kind}/${namespace}/${name}`);
    if (status !== 200) fail(`scorecard of ${service.entityRef} answered ${status}`);
    const applicable = body.checks.filter(c => c.status !== 'not-applicable');
    const withEvidence = applicable.filter(c => c.evidence.length > 0);
    if (withEvidence.length < 40) {
      fail(`${service.entityRef} has only ${withEvidence.length} applicable checks with evidence (need 40)`);
    }
    rows.push({
      service: name,
      flavor: body.flavor,
      level: body.level,
      score: body.score,
      coverage: body.coverage,
      applicable: applicable.length,
      withEvidence: withEvidence.length,
      sample: body.containsSampleData,
      blockers: (body.nextLevel?.blockers ?? []).length,
      target: body.target ? `${body.target.level} (${body.target.met ? 'met' : 'not met'})` : 'none',
    });
    // app-config.yaml: experimental 0, production 2, any other lifecycle 1.
    const lifecycle = expected.find(d => d.metadata.name === name)?.spec?.lifecycle;
    const targetLevel = { experimental: 0, production: 2 }[lifecycle] ?? 1;
    if (body.target?.level !== targetLevel || body.target.met !== body.level >= targetLevel) {
      fail(`${service.entityRef} (${lifecycle}) has target ${JSON.stringify(body.target)}, expected level ${targetLevel}`);
    }
  }
  console.table(rows);
  // With a default target every service has one, so every domain counts all of its services.
  const domains = await get('/rollups?by=domain');
  for (const row of domains.body.items) {
    if (row.target?.services !== row.services) {
      fail(`domain ${row.key} counts ${JSON.stringify(row.target)} services with a target of ${row.services}`);
    }
  }
  console.log(`Targets: ${rows.filter(r => r.target.endsWith('(met)')).length} of ${rows.length} services meet the target of their lifecycle`);

  const levels = new Set(rows.map(r => r.level));
  for (const level of [0, 1, 2]) {
    if (!levels.has(level)) fail(`no demo service reaches exactly Level ${level}`);
  }
  const llm = rows.filter(r => r.flavor === 'llm').length;
  if (llm < 3) fail(`only ${llm} LLM services`);
  if (rows.length < 12) fail(`only ${rows.length} services`);

  // The demo's campaigns as code: every LLM service is in the eval campaign, and each
  // campaign accounts for every service in it.
  const campaigns = (await get('/campaigns')).body.items;
  const byId = Object.fromEntries(campaigns.map(c => [c.id, c]));
  for (const id of ['payments-production-level-2', 'llm-evals-in-ci']) {
    const p = byId[id]?.progress;
    if (!p || p.services === 0 || p.met + p.behind + p.waived + p.unknown !== p.services) {
      fail(`campaign ${id} has progress ${JSON.stringify(p)}`);
    }
    const details = (await get(`/campaigns/${id}`)).body;
    if (details.notMet.length !== p.services - p.met) fail(`campaign ${id} lists ${details.notMet.length} services not meeting its goal`);
  }
  if (byId['llm-evals-in-ci'].progress.services !== llm) {
    fail(`llm-evals-in-ci counts ${byId['llm-evals-in-ci'].progress.services} services, the demo has ${llm} LLM services`);
  }
  const created = await fetch(`${base}/campaigns`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'verify-demo', title: 'verify-demo', goal: { level: 1 }, deadline: '2030-01-01' }),
  });
  const removed = await fetch(`${base}/campaigns/verify-demo`, { method: 'DELETE', headers });
  if (created.status !== 201 || removed.status !== 204) fail(`creating and deleting a campaign answered ${created.status} and ${removed.status}`);
  for (const c of campaigns) console.log(`Campaign ${c.id}: ${c.progress.met} of ${c.progress.services} services meet the goal, ${c.daysLeft} days left`);

  // A preview without a change scores every service from its stored facts as it stands;
  // a stricter level rule can only lower levels.
  const preview = async change => {
    const res = await fetch(`${base}/what-if`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(change),
    });
    if (res.status !== 200) fail(`POST /what-if answered ${res.status}`);
    return res.json();
  };
  const unchanged = await preview({});
  if (unchanged.services !== rows.length || unchanged.changed.length !== 0) {
    fail(`a preview without a change moves ${unchanged.changed.length} of ${unchanged.services} services`);
  }
  const stricter = await preview({ levels: { requireObserved: [1, 2] } });
  if (stricter.up !== 0) fail(`requiring observed evidence raised ${stricter.up} services`);
  console.log(`What-if: requiring observed evidence for Levels 1 and 2 would lower ${stricter.down} of ${stricter.services} services`);

  // The demo's groups declare team personas: every service owned by a team rolls up under one.
  const byTeamPersona = (await get('/rollups?by=team-persona')).body.items;
  const personaTotal = byTeamPersona.reduce((sum, row) => sum + row.services, 0);
  if (byTeamPersona.length < 2 || personaTotal !== rows.length) {
    fail(`team personas count ${personaTotal} of ${rows.length} services: ${JSON.stringify(byTeamPersona.map(r => [r.key, r.services]))}`);
  }
  console.log(`Team personas: ${byTeamPersona.map(r => `${r.key} ${r.services} (mean score ${r.meanScore})`).join(', ')}`);

  // Governed waivers: one requested for a failing check applies once approved and no longer
  // once revoked, each time without waiting for a refresh; the audit log has every step.
  const post = (pathname, body) =>
    fetch(`${base}${pathname}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  const statusOf = async (name, checkId) =>
    (await get(`/scorecards/component/default/${name}`)).body.checks.find(c => c.id === checkId).status;
  const failing = (await get('/scorecards/component/default/credit-limit-model')).body.checks.find(c => c.status === 'fail');
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const requested = await post('/waivers', {
    entityRef: 'component:default/credit-limit-model',
    checkId: failing.id,
    reason: 'verify-demo: waived while the demo checks the waiver workflow',
    expiresAt,
  });
  const waiver = await requested.json();
  if (requested.status !== 201) fail(`requesting a waiver answered ${requested.status}: ${JSON.stringify(waiver)}`);
  if ((await post(`/waivers/${waiver.id}/approve`)).status !== 200) fail('approving the waiver failed');
  const whileApproved = await statusOf('credit-limit-model', failing.id);
  if ((await post(`/waivers/${waiver.id}/revoke`)).status !== 200) fail('revoking the waiver failed');
  const afterRevoke = await statusOf('credit-limit-model', failing.id);
  const audit = (await get(`/waivers/${waiver.id}/events`)).body.items.map(e => e.action).join(', ');
  if (whileApproved !== 'waived' || afterRevoke !== 'fail' || audit !== 'requested, approved, revoked') {
    fail(`waiver of ${failing.id}: ${whileApproved} while approved, ${afterRevoke} after revoking, audit ${audit}`);
  }
  console.log(`Waiver of ${failing.id} on credit-limit-model: waived once approved, fail again once revoked; audit: ${audit}`);

  // The demo's SAMPLE waivers: one pending, one approved and applied in its service's scorecard.
  const sampleWaiver = async (status, name, checkId) =>
    (await get(`/waivers?status=${status}&entityRef=${encodeURIComponent(`component:default/${name}`)}`)).body.items.find(
      w => w.checkId === checkId && w.requestedBy === 'sample-data',
    );
  const pendingSample = await sampleWaiver('pending', 'support-assistant', 'llm.region');
  const approvedSample = await sampleWaiver('approved', 'customer-churn-predictor', 'serving.autoscaling');
  const waivedAutoscaling = await statusOf('customer-churn-predictor', 'serving.autoscaling');
  if (!pendingSample || !approvedSample || waivedAutoscaling !== 'waived') {
    fail(`sample waivers: pending ${Boolean(pendingSample)}, approved ${Boolean(approvedSample)}, autoscaling check ${waivedAutoscaling}`);
  }
  console.log('Sample waivers: support-assistant llm.region pending, customer-churn-predictor serving.autoscaling approved and waived');

  // The sample history reaches back twelve weeks once the services are scored; today's
  // snapshot is real. A domain's list includes its subdomains' services.
  let trend = [];
  while (!trend.some(point => point.sampleServices > 0)) {
    if (Date.now() > deadline) fail('timed out waiting for the sample history of domain payments');
    await sleep(2000);
    trend = (await get(`/rollups/trend?by=domain&key=${encodeURIComponent('domain:default/payments')}`)).body.items ?? [];
  }
  const today = new Date().toISOString().slice(0, 10);
  const last = trend[trend.length - 1];
  const weeks = Math.round((Date.parse(last.date) - Date.parse(trend[0].date)) / (7 * 86_400_000));
  if (weeks < 8 || last.date !== today || last.sampleServices) {
    fail(`trend of payments: ${trend.length} points from ${trend[0].date} to ${last.date} (sample ${last.sampleServices ?? 0})`);
  }
  const fraudHistory = (await get('/scorecards/component/default/fraud-scoring-service/history')).body.items;
  if (!fraudHistory[0]?.sample || fraudHistory[fraudHistory.length - 1].sample) {
    fail(`history of fraud-scoring-service: ${JSON.stringify(fraudHistory).slice(0, 300)}`);
  }
  const inPayments = (await get(`/services?domain=${encodeURIComponent('domain:default/payments')}`)).body.items;
  if (!inPayments.some(service => service.domain === 'domain:default/fraud-prevention')) {
    fail(`services of payments: ${inPayments.map(service => service.entityRef).join(', ')}, none of its subdomain fraud-prevention`);
  }
  console.log(`Sample history: payments trends over ${weeks} weeks (${trend.length} days, today real); fraud-scoring-service has ${fraudHistory.filter(point => point.sample).length} sample points; payments lists ${inPayments.length} services with its subdomain's`);

  // Assistants reach the actions over MCP (the demo's mcp-actions backend): ours are
  // listed, and one answers with the scorecard the API serves.
  const mcp = async (method, params) => {
    const res = await fetch('http://localhost:7007/api/mcp-actions/v1', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const text = await res.text();
    // Streamable HTTP may answer as server-sent events.
    const events = text.split('\n').filter(line => line.startsWith('data:'));
    return JSON.parse(events.length ? events.map(line => line.slice(5)).join('') : text);
  };
  const tools = (await mcp('tools/list', {})).result?.tools ?? [];
  const ours = tools.filter(tool => /mlops-maturity/.test(tool.name));
  if (ours.length < 6) fail(`MCP lists ${ours.length} MLOps maturity tools: ${tools.map(t => t.name).join(', ')}`);
  const getScorecard = ours.find(tool => tool.name.includes('get-scorecard'));
  const called = await mcp('tools/call', { name: getScorecard.name, arguments: { entityRef: 'fraud-scoring-service' } });
  const viaMcp = JSON.parse(called.result?.content?.[0]?.text ?? '{}');
  const fraud = rows.find(r => r.service === 'fraud-scoring-service');
  if (viaMcp.level !== fraud.level || viaMcp.score !== fraud.score) {
    fail(`MCP ${getScorecard.name} answered ${JSON.stringify(called).slice(0, 300)}`);
  }
  console.log(`MCP: ${ours.length} MLOps maturity tools (${ours.map(t => t.name).join(', ')}); ${getScorecard.name} says fraud-scoring-service is at Level ${viaMcp.level}`);

  // The demo turns badges on: each service's README badge answers without credentials.
  for (const [index, row] of rows.slice(0, 3).entries()) {
    const badge = await fetch(`${base}/badges/${services[index].entityRef.replace(/[:/]/g, '/')}`);
    const svg = await badge.text();
    if (badge.status !== 200 || !svg.includes(`>Level ${row.level}</text>`)) {
      fail(`badge of ${row.service} answered ${badge.status} without "Level ${row.level}"`);
    }
  }
  console.log('README badges answer without sign-in with each service\'s level');

  const website = await get('/scorecards/component/default/storefront-web');
  const status = await get('/status');
  const cycle = status.body.lastCycle;
  console.log(`services scored: ${rows.length} (${llm} LLM); levels: ${[...levels].sort().join(', ')}`);
  console.log(`non-ML entity answers ${website.status} (${website.body?.reason ?? 'no reason'})`);
  console.log(`waited ${waitedSeconds}s from backend start until every service was scored`);
  if (cycle?.finishedAt) {
    console.log(
      `last refresh cycle: ${cycle.evaluated} evaluated in ${
        (Date.parse(cycle.finishedAt) - Date.parse(cycle.startedAt)) / 1000
      }s`,
    );
  }

  // A forced refresh of every service, timed: the full-refresh figure for the notes.
  const refreshStarted = Date.now();
  for (const service of services) {
    const [kind, rest] = service.entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const res = await fetch(`${base}/scorecards/${kind}/${namespace}/${name}/refresh`, {
      method: 'POST',
      headers,
    });
    if (res.status !== 200) fail(`refresh of ${service.entityRef} answered ${res.status}`);
  }
  console.log(
    `full refresh of ${services.length} services (collect + score + store, sequential): ${
      Date.now() - refreshStarted
    } ms`,
  );

  const repos = fs.readdirSync(path.join(root, 'examples/repos'));
  for (const repo of repos) {
    const output = execFileSync(
      process.execPath,
      [
        'plugins/mlops-maturity-cli/bin/mlops-maturity',
        'score',
        path.join('examples/repos', repo),
        '--json',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const card = JSON.parse(output);
    if (typeof card.level !== 'number') fail(`CLI printed no level for ${repo}`);
    console.log(`CLI ${repo}: Level ${card.level}, score ${card.score}`);
  }
  console.log('verify-demo: all checks passed');
}

main().catch(error => fail(error.stack ?? String(error)));
