// Waits for a freshly created app's backend to serve the MLOps maturity plugin and the
// catalog to hold the service, refreshes the service and checks the scorecard.
// Usage: MLOPS_PACKED_PORT=7017 MLOPS_PACKED_TOKEN=… node scoreService.js <component name>
const port = process.env.MLOPS_PACKED_PORT;
const token = process.env.MLOPS_PACKED_TOKEN;
const name = process.argv[2];
const base = `http://localhost:${port}/api`;
const headers = { authorization: `Bearer ${token}` };
const TIMEOUT_MS = 10 * 60_000;

async function request(path, init = {}) {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { ...headers, ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor(what, probe) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result.ok) {
        return result.value;
      }
      last = result.why;
    } catch (error) {
      last = String(error.cause?.code ?? error.message);
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(`Timed out waiting for ${what}: ${last}`);
}

async function main() {
  const checks = await waitFor('the plugin', async () => {
    const { status, body } = await request('/mlops-maturity/checks');
    return status === 200
      ? { ok: true, value: body.items }
      : { ok: false, why: `HTTP ${status}` };
  });
  console.log(`plugin serves ${checks.length} checks`);

  await waitFor(`component:default/${name} in the catalog`, async () => {
    const { status } = await request(
      `/catalog/entities/by-name/component/default/${name}`,
    );
    return { ok: status === 200, why: `HTTP ${status}` };
  });

  const { status, body: scorecard } = await request(
    `/mlops-maturity/scorecards/component/default/${name}/refresh`,
    { method: 'POST' },
  );
  if (status !== 200) {
    throw new Error(`refresh answered HTTP ${status}: ${JSON.stringify(scorecard)}`);
  }
  const byStatus = {};
  for (const check of scorecard.checks) {
    byStatus[check.status] = (byStatus[check.status] ?? 0) + 1;
  }
  const fromRepository = scorecard.checks.filter(
    check =>
      check.status === 'pass' &&
      check.evidence.some(evidence => evidence.source === 'repository'),
  );
  console.log(
    `scored ${scorecard.entityRef}: level ${scorecard.level}, score ${scorecard.score}, ` +
      `${JSON.stringify(byStatus)}, ${fromRepository.length} checks passed on repository evidence`,
  );
  if (fromRepository.length === 0) {
    throw new Error('no check passed on the repository: the analyzer did not run');
  }
}

main().catch(error => {
  console.error(String(error.stack ?? error));
  process.exit(1);
});
