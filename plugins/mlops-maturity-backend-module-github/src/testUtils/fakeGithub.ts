import { createHash } from 'crypto';
import { http, HttpResponse, JsonBodyType } from 'msw';

export const API = 'https://api.github.com';
const OWNER = 'acme';
const REPO = 'fraud-detector';
const REPO_ID = 4242;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface Workflow {
  id: number;
  name: string;
  path: string;
  state: string;
}

/** Workflows as GitHub lists them, including the dynamic ones GitHub adds itself. */
const WORKFLOWS: Workflow[] = [
  { id: 11, name: 'CI', path: '.github/workflows/ci.yml', state: 'active' },
  {
    id: 12,
    name: 'Deploy to production',
    path: '.github/workflows/deploy.yml',
    state: 'active',
  },
  {
    id: 13,
    name: 'Retrain model',
    path: '.github/workflows/retrain.yml',
    state: 'active',
  },
  {
    id: 14,
    name: 'CodeQL',
    path: 'dynamic/github-code-scanning/codeql',
    state: 'active',
  },
  {
    id: 15,
    name: 'pages-build-deployment',
    path: 'dynamic/pages/pages-build-deployment',
    state: 'active',
  },
  {
    id: 16,
    name: 'Evaluate prompts',
    path: '.github/workflows/eval.yml',
    state: 'active',
  },
];

export interface RecordedRequest {
  path: string;
  query: string;
  status: number;
  authorization: string | null;
}

/** `2025-06-01T12:00:00Z`, the format GitHub uses. */
const iso = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A GitHub REST API for one repository, `acme/fraud-detector`, shaped like the documented
 * responses: ETags with 304s for conditional requests, Link-header pagination with
 * `per_page`/`page` (on the `/repositories/{id}/...` URLs GitHub puts in Link headers),
 * the `created`, `branch` and `status` run filters.
 *
 * The runs in the 90 days before `now`, newest first:
 * - 100 `CI` runs, one per hour: even ones on pull requests (every tenth, i % 10 === 4,
 *   fails), odd ones on pushes to main (i % 10 === 7 cancelled);
 * - 50 older runs, one a day from 5.5 days back, cycling through deploy (push to main;
 *   the oldest fails), scheduled retraining, CodeQL, GitHub Pages and prompt evaluation.
 * Before that window, 48 weekly successful deploys, the first at `firstDeployAt`.
 */
export function fakeGithub(now: Date) {
  const nowMs = now.getTime();
  const repository = {
    id: REPO_ID,
    node_id: 'R_kgDOExample',
    name: REPO,
    full_name: `${OWNER}/${REPO}`,
    private: true,
    owner: { login: OWNER, id: 9001, type: 'Organization' },
    html_url: `https://github.com/${OWNER}/${REPO}`,
    url: `${API}/repos/${OWNER}/${REPO}`,
    default_branch: 'main',
    created_at: iso(nowMs - 900 * DAY),
    updated_at: iso(nowMs - DAY),
    pushed_at: iso(nowMs - HOUR),
  };
  const firstCommitAt = iso(nowMs - 910 * DAY);
  const firstDeployAt = iso(nowMs - 800 * DAY + 10 * 60 * 1000);

  const user = { login: 'octocat', id: 1, type: 'User' };
  let runId = 5000;
  const run = (options: {
    workflowId: number;
    event: string;
    branch: string;
    conclusion: string | null;
    createdMs: number;
  }) => {
    const workflow = WORKFLOWS.find(w => w.id === options.workflowId)!;
    runId += 1;
    return {
      id: runId,
      name: workflow.name,
      display_title: `${workflow.name} #${runId}`,
      run_number: runId,
      run_attempt: 1,
      event: options.event,
      status: options.conclusion ? 'completed' : 'in_progress',
      conclusion: options.conclusion,
      workflow_id: workflow.id,
      path: workflow.path,
      head_branch: options.branch,
      head_sha: createHash('sha1').update(String(runId)).digest('hex'),
      url: `${API}/repos/${OWNER}/${REPO}/actions/runs/${runId}`,
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`,
      created_at: iso(options.createdMs),
      run_started_at: iso(options.createdMs),
      updated_at: iso(options.createdMs + 10 * 60 * 1000),
      actor: user,
      triggering_actor: user,
    };
  };

  const ciConclusions: Record<number, string> = {
    4: 'failure',
    7: 'cancelled',
  };
  const recent = Array.from({ length: 100 }, (_, i) =>
    run({
      workflowId: 11,
      event: i % 2 === 0 ? 'pull_request' : 'push',
      branch: i % 2 === 0 ? `feature-${i}` : 'main',
      conclusion: ciConclusions[i % 10] ?? 'success',
      createdMs: nowMs - (i + 1) * HOUR,
    }),
  );
  const cycle = [
    { workflowId: 12, event: 'push', branch: 'main' },
    { workflowId: 13, event: 'schedule', branch: 'main' },
    { workflowId: 14, event: 'push', branch: 'main' },
    { workflowId: 15, event: 'push', branch: 'main' },
    { workflowId: 16, event: 'pull_request', branch: 'prompt-tuning' },
  ];
  const older = Array.from({ length: 50 }, (_, j) =>
    run({
      ...cycle[j % cycle.length],
      conclusion: j === 45 ? 'failure' : 'success',
      createdMs: nowMs - (5.5 + j) * DAY,
    }),
  );
  const history = Array.from({ length: 48 }, (_, k) =>
    run({
      workflowId: 12,
      event: 'push',
      branch: 'main',
      conclusion: 'success',
      createdMs: nowMs - 800 * DAY + (47 - k) * 7 * DAY,
    }),
  );
  const runs = [...recent, ...older, ...history];

  const commits = Array.from({ length: 317 }, (_, k) => {
    const date = k === 316 ? firstCommitAt : iso(nowMs - (k + 1) * 2 * DAY);
    const sha = createHash('sha1').update(`commit-${k}`).digest('hex');
    return {
      sha,
      commit: {
        author: { name: 'Octo Cat', email: 'octocat@example.com', date },
        committer: { name: 'Octo Cat', email: 'octocat@example.com', date },
        message: k === 316 ? 'Initial commit' : `Change ${k}`,
      },
      html_url: `https://github.com/${OWNER}/${REPO}/commit/${sha}`,
    };
  });

  const requests: RecordedRequest[] = [];

  const respond = (request: Request, body: JsonBodyType, link?: string) => {
    const url = new URL(request.url);
    const etag = `W/"${createHash('sha1')
      .update(JSON.stringify(body))
      .digest('hex')}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      'X-RateLimit-Limit': '5000',
      'X-RateLimit-Remaining': '4990',
      ...(link ? { Link: link } : {}),
    };
    const notModified = request.headers.get('if-none-match') === etag;
    requests.push({
      path: url.pathname,
      query: url.search,
      status: notModified ? 304 : 200,
      authorization: request.headers.get('authorization'),
    });
    // GitHub sends the Link header with 304s too.
    return notModified
      ? new HttpResponse(null, { status: 304, headers })
      : HttpResponse.json(body, { headers });
  };

  /** Serves a list page by page, with GitHub's Link header pointing at the id-based URL. */
  const paged = <T>(
    path: string,
    list: (query: URLSearchParams) => T[],
    wrap: (items: T[], total: number) => JsonBodyType,
  ) => {
    const resolver = ({ request }: { request: Request }) => {
      const query = new URL(request.url).searchParams;
      const items = list(query);
      const perPage = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      const lastPage = Math.max(1, Math.ceil(items.length / perPage));
      const pageUrl = (n: number) => {
        const next = new URLSearchParams(query);
        next.set('page', String(n));
        return `${API}/repositories/${REPO_ID}${path}?${next}`;
      };
      const links = [
        ...(page > 1 ? [`<${pageUrl(page - 1)}>; rel="prev"`] : []),
        ...(page < lastPage ? [`<${pageUrl(page + 1)}>; rel="next"`] : []),
        ...(page < lastPage ? [`<${pageUrl(lastPage)}>; rel="last"`] : []),
        ...(page > 1 ? [`<${pageUrl(1)}>; rel="first"`] : []),
      ];
      return respond(
        request,
        wrap(items.slice((page - 1) * perPage, page * perPage), items.length),
        links.length ? links.join(', ') : undefined,
      );
    };
    return [
      http.get(`${API}/repos/${OWNER}/${REPO}${path}`, resolver),
      http.get(`${API}/repositories/${REPO_ID}${path}`, resolver),
    ];
  };

  const filterRuns = (query: URLSearchParams, workflowId?: number) => {
    const created = query.get('created');
    const since = created?.startsWith('>=')
      ? Date.parse(created.slice(2))
      : undefined;
    return runs.filter(
      r =>
        (workflowId === undefined || r.workflow_id === workflowId) &&
        (since === undefined || Date.parse(r.created_at) >= since) &&
        (!query.get('branch') || r.head_branch === query.get('branch')) &&
        (!query.get('status') ||
          r.status === query.get('status') ||
          r.conclusion === query.get('status')),
    );
  };
  const runList = (items: unknown[], total: number) => ({
    total_count: total,
    workflow_runs: items,
  });

  const handlers = [
    http.get(`${API}/repos/${OWNER}/${REPO}`, ({ request }) =>
      respond(request, repository),
    ),
    ...paged(
      '/actions/workflows',
      () => WORKFLOWS,
      (items, total) => ({ total_count: total, workflows: items }),
    ),
    ...paged('/actions/runs', query => filterRuns(query), runList),
    ...WORKFLOWS.flatMap(w =>
      paged(
        `/actions/workflows/${w.id}/runs`,
        query => filterRuns(query, w.id),
        runList,
      ),
    ),
    ...paged(
      '/commits',
      () => commits,
      items => items,
    ),
  ];

  return {
    handlers,
    requests,
    repository,
    runs,
    firstCommitAt,
    firstDeployAt,
    /** Requests answered, by status. */
    count: () => ({
      total: requests.length,
      ok: requests.filter(r => r.status === 200).length,
      notModified: requests.filter(r => r.status === 304).length,
    }),
  };
}
