import { http, HttpResponse, JsonBodyType } from 'msw';

/**
 * An msw stand-in for the three GitLab REST endpoints the collector reads, answering with
 * the documented resource shapes, error bodies and pagination headers.
 */

export const GITLAB_API = 'https://gitlab.com/api/v4';

interface PipelineSpec {
  id: number;
  status: string;
  source: string;
  ref: string;
  created_at: string;
  updated_at?: string;
}

interface JobSpec {
  name: string;
  stage: string;
  status: string;
  created_at: string;
  finished_at?: string | null;
}

export function projectResource(options: {
  id: number;
  pathWithNamespace: string;
  defaultBranch: string | null;
  createdAt: string;
}) {
  const [name] = options.pathWithNamespace.split('/').slice(-1);
  const namespace = options.pathWithNamespace.split('/').slice(0, -1);
  return {
    id: options.id,
    description: 'Scores card transactions',
    name,
    name_with_namespace: options.pathWithNamespace.split('/').join(' / '),
    path: name,
    path_with_namespace: options.pathWithNamespace,
    created_at: options.createdAt,
    default_branch: options.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@gitlab.com:${options.pathWithNamespace}.git`,
    http_url_to_repo: `https://gitlab.com/${options.pathWithNamespace}.git`,
    web_url: `https://gitlab.com/${options.pathWithNamespace}`,
    readme_url: `https://gitlab.com/${options.pathWithNamespace}/-/blob/main/README.md`,
    forks_count: 0,
    star_count: 0,
    last_activity_at: options.createdAt,
    namespace: {
      id: 7,
      name: namespace[namespace.length - 1],
      path: namespace[namespace.length - 1],
      kind: 'group',
      full_path: namespace.join('/'),
      parent_id: null,
      web_url: `https://gitlab.com/groups/${namespace.join('/')}`,
    },
    visibility: 'private',
    archived: false,
    jobs_enabled: true,
    builds_access_level: 'enabled',
    ci_config_path: '',
  };
}

export function pipelineResource(
  projectId: number,
  webUrl: string,
  spec: PipelineSpec,
) {
  return {
    id: spec.id,
    iid: spec.id - 1000,
    project_id: projectId,
    sha: `${spec.id}`.padStart(40, 'a'),
    ref: spec.ref,
    status: spec.status,
    source: spec.source,
    created_at: spec.created_at,
    updated_at: spec.updated_at ?? spec.created_at,
    web_url: `${webUrl}/-/pipelines/${spec.id}`,
    name: null,
  };
}

let nextJobId = 5000;

export function jobResource(
  projectId: number,
  webUrl: string,
  pipeline: ReturnType<typeof pipelineResource>,
  spec: JobSpec,
) {
  const id = nextJobId++;
  const finishedAt =
    spec.finished_at === undefined ? spec.created_at : spec.finished_at;
  return {
    id,
    status: spec.status,
    stage: spec.stage,
    name: spec.name,
    ref: pipeline.ref,
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: spec.created_at,
    started_at: finishedAt ? spec.created_at : null,
    finished_at: finishedAt,
    erased_at: null,
    duration: finishedAt ? 42.1 : null,
    queued_duration: 0.5,
    user: {
      id: 1,
      username: 'jdoe',
      name: 'Jane Doe',
      state: 'active',
      avatar_url:
        'https://gitlab.com/uploads/-/system/user/avatar/1/avatar.png',
      web_url: 'https://gitlab.com/jdoe',
    },
    commit: {
      id: pipeline.sha,
      short_id: pipeline.sha.slice(0, 8),
      title: 'Tune the threshold',
      created_at: pipeline.created_at,
      message: 'Tune the threshold',
      author_name: 'Jane Doe',
      author_email: 'jdoe@example.com',
    },
    pipeline: {
      id: pipeline.id,
      project_id: projectId,
      ref: pipeline.ref,
      sha: pipeline.sha,
      status: pipeline.status,
    },
    web_url: `${webUrl}/-/jobs/${id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner: null,
    artifacts_expire_at: null,
    tag_list: ['docker'],
  };
}

/** `X-*` pagination headers and the `Link` header, as GitLab sends them. */
function paginate<T>(request: Request, items: T[]) {
  const url = new URL(request.url);
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 20), 100);
  const page = Number(url.searchParams.get('page') ?? 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const linkTo = (p: number) => {
    const target = new URL(url);
    target.searchParams.set('page', String(p));
    return target.toString();
  };
  const links = [
    ...(page > 1 ? [`<${linkTo(page - 1)}>; rel="prev"`] : []),
    ...(page < totalPages ? [`<${linkTo(page + 1)}>; rel="next"`] : []),
    `<${linkTo(1)}>; rel="first"`,
    `<${linkTo(totalPages)}>; rel="last"`,
  ];
  return HttpResponse.json(
    items.slice((page - 1) * perPage, page * perPage) as JsonBodyType,
    {
      headers: {
        'Cache-Control': 'no-cache',
        Link: links.join(', '),
        'X-Next-Page': page < totalPages ? String(page + 1) : '',
        'X-Page': String(page),
        'X-Per-Page': String(perPage),
        'X-Prev-Page': page > 1 ? String(page - 1) : '',
        'X-Total': String(items.length),
        'X-Total-Pages': String(totalPages),
      },
    },
  );
}

/** A GitLab project with pipelines and jobs, served at {@link GITLAB_API}. */
export class FakeGitlab {
  readonly projectId = 4242;
  readonly requests: URL[] = [];
  project: ReturnType<typeof projectResource>;
  private pipelines: ReturnType<typeof pipelineResource>[] = [];
  private jobs = new Map<number, ReturnType<typeof jobResource>[]>();

  constructor(
    readonly options: {
      token: string;
      pathWithNamespace: string;
      defaultBranch?: string | null;
      createdAt: string;
    },
  ) {
    this.project = projectResource({
      id: this.projectId,
      pathWithNamespace: options.pathWithNamespace,
      defaultBranch:
        options.defaultBranch === undefined ? 'main' : options.defaultBranch,
      createdAt: options.createdAt,
    });
  }

  addPipeline(spec: PipelineSpec, jobs: JobSpec[] = []) {
    const webUrl = this.project.web_url;
    const pipeline = pipelineResource(this.projectId, webUrl, spec);
    this.pipelines.push(pipeline);
    this.jobs.set(
      pipeline.id,
      jobs.map(job => jobResource(this.projectId, webUrl, pipeline, job)),
    );
    return pipeline;
  }

  /** Each request as the path after `/projects/:id` plus its query, e.g. `/pipelines?per_page=100`. */
  requestLog(): string[] {
    const prefix = `/api/v4/projects/${encodeURIComponent(
      this.options.pathWithNamespace,
    )}`;
    return this.requests.map(url =>
      url.pathname.startsWith(prefix)
        ? `${url.pathname.slice(prefix.length)}${url.search}`
        : `${url.pathname}${url.search}`,
    );
  }

  handlers() {
    const projectPath = `${GITLAB_API}/projects/:id`;
    const guard = (request: Request, id: string) => {
      this.requests.push(new URL(request.url));
      if (request.headers.get('private-token') !== this.options.token) {
        return HttpResponse.json(
          { message: '401 Unauthorized' },
          { status: 401 },
        );
      }
      if (decodeURIComponent(id) !== this.options.pathWithNamespace) {
        return HttpResponse.json(
          { message: '404 Project Not Found' },
          { status: 404 },
        );
      }
      return undefined;
    };
    return [
      http.get(
        projectPath,
        ({ request, params }) =>
          guard(request, params.id as string) ??
          HttpResponse.json(this.project),
      ),
      http.get(`${projectPath}/pipelines`, ({ request, params }) => {
        const refused = guard(request, params.id as string);
        if (refused) {
          return refused;
        }
        const after = new URL(request.url).searchParams.get('updated_after');
        const listed = this.pipelines
          .filter(p => !after || Date.parse(p.updated_at) > Date.parse(after))
          .sort((a, b) => b.id - a.id);
        return paginate(request, listed);
      }),
      http.get(
        `${projectPath}/pipelines/:pipelineId/jobs`,
        ({ request, params }) => {
          const refused = guard(request, params.id as string);
          if (refused) {
            return refused;
          }
          const jobs = this.jobs.get(Number(params.pipelineId));
          if (!jobs) {
            return HttpResponse.json(
              { message: '404 Not found' },
              { status: 404 },
            );
          }
          return paginate(request, jobs);
        },
      ),
    ];
  }
}
