import { createTranslationRef } from '@backstage/frontend-plugin-api';
import {
  DIMENSIONS,
  Dimension,
  MATURITY_LEVELS,
  PERSONAS,
  Persona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** Default labels come from -common, where the backend's CSV and messages take them too. */
const titlesById = <Id extends string>(
  entries: readonly { id: Id; title: string }[],
) =>
  Object.fromEntries(entries.map(({ id, title }) => [id, title])) as Record<
    Id,
    string
  >;

/**
 * Every text the plugin shows; apps translate or reword it with
 * `createTranslationMessages({ ref: mlopsMaturityTranslationRef, messages })`.
 * @alpha
 */
export const mlopsMaturityTranslationRef = createTranslationRef({
  id: 'mlops-maturity',
  messages: {
    title: 'MLOps maturity',
    loading: 'Loading MLOps maturity',
    levels: {
      '0': {
        name: MATURITY_LEVELS[0].name,
        meaning: MATURITY_LEVELS[0].meaning,
      },
      '1': {
        name: MATURITY_LEVELS[1].name,
        meaning: MATURITY_LEVELS[1].meaning,
      },
      '2': {
        name: MATURITY_LEVELS[2].name,
        meaning: MATURITY_LEVELS[2].meaning,
      },
    },
    personas: titlesById<Persona>(PERSONAS),
    dimensions: titlesById<Dimension>(DIMENSIONS),
    status: {
      pass: 'Pass',
      fail: 'Fail',
      unknown: 'Unverified',
      waived: 'Waived',
      'not-applicable': 'N/A',
      undecidable: 'Not decidable here',
    },
    summary: {
      title: 'Maturity level',
      level: 'Level {{level}} — {{name}}',
      score: 'Score',
      scoreValue: '{{score}} / 100',
      coverage: 'Coverage',
      coverageValue: '{{percent}}% of applicable checks verified',
      evaluatedAt: 'Evaluated',
      unverified_one: '{{count}} check could not be verified',
      unverified_other: '{{count}} checks could not be verified',
      unverifiedHint:
        'Unverified checks never count as passing. Open them below to see why they could not be evaluated.',
      basis: {
        observed: 'Rests on observed evidence',
        declared: 'Rests on declared evidence (files only)',
      },
      basisHint: {
        observed:
          'A live source (CI runs, the model registry, monitoring) saw every capability this level needs happen.',
        declared:
          'Some capabilities this level needs are only defined in the repository; no live source has seen them happen.',
      },
      restsOnWaivers:
        'This level holds only because of waived checks: without the waivers it would be lower.',
      copyBadge: 'Copy README badge',
      badgeCopied: 'Badge Markdown copied',
      target: 'Target',
      targetValue: 'Level {{level}} for {{lifecycle}} services',
      targetDefault: 'Level {{level}} (the default target)',
      targetMet: 'met',
      targetMissed: 'not met',
    },
    capabilities: {
      title: 'Capabilities',
      subheader:
        "A level is reached through capabilities; any one of a capability's checks demonstrates it.",
      level: 'Level {{level}} capabilities',
      reached: 'Reached',
      notReached: 'Not reached',
      rule: 'Needs {{rule}}.',
      status: {
        demonstrated: 'Demonstrated',
        missing: 'Missing',
        unverified: 'Unverified',
        'not-applicable': 'Not applicable',
      },
      core: 'Core',
      coreHint: 'Every core capability of a level is needed for it',
      shownBy: 'Shown by {{check}}',
      alsoShownBy: 'Also shown by {{checks}}',
      strengthHint: {
        observed: 'A live source saw it happen',
        declared: 'Only the repository defines it',
      },
      couldBeShownBy: 'Could be shown by',
      noAlternatives:
        'None of the checks that could show it applies to this service.',
      note: 'Note: {{note}}',
    },
    sampleData: {
      banner:
        'This scorecard includes SAMPLE data (demo): evidence marked "Sample data" was not collected from a real system.',
      label: 'Sample data',
      history:
        'Points marked "Sample data" are sample history (demo), loaded from mlopsMaturity.sampleHistory: not evaluations that happened.',
      trend:
        'Days up to {{date}} include sample history (demo), loaded from mlopsMaturity.sampleHistory: not snapshots that were taken.',
      change: 'Compared with sample history (demo).',
    },
    reevaluate: {
      button: 'Re-evaluate',
      inProgress:
        'Re-evaluating: collecting every source for this service. This can take a minute.',
      progressLabel: 'Re-evaluating',
      done: 'Re-evaluated. Showing the new result.',
      forbidden: "You don't have permission to re-evaluate this service.",
      failed: 'Re-evaluation failed: {{message}}',
    },
    personaFilter: {
      label: 'Persona',
      all: 'All personas',
      scores: 'Score by persona',
      scoreValue: '{{persona}}: {{score}}% ({{passed}} of {{total}} passing)',
    },
    blockers: {
      title: 'What blocks level {{level}}',
      topLevel:
        'This service has reached the top level. Nothing blocks it; checks below that do not pass can still raise the score.',
      noneForPersona: 'Nothing blocks level {{level}} for this persona.',
      noneApplicable:
        'No capability of level {{level}} can be demonstrated here: none of its checks applies to this service.',
      count_one: '{{count}} required check',
      count_other: '{{count}} required checks',
      capabilityCount_one: '{{count}} capability',
      capabilityCount_other: '{{count}} capabilities',
      needsAll: 'Level {{level}} needs every capability below.',
      needsMore_one:
        'Level {{level}} needs {{count}} more of these capabilities.',
      needsMore_other:
        'Level {{level}} needs {{count}} more of these capabilities.',
      needsCoreAndMore_one:
        'Level {{level}} needs the core capabilities below and {{count}} more of the others.',
      needsCoreAndMore_other:
        'Level {{level}} needs the core capabilities below and {{count}} more of the others.',
      anyOf: 'Any one of these checks would show it:',
    },
    dimensionGroups: {
      title: 'Checks by dimension',
      classic: 'ML dimensions',
      llm: 'LLM dimensions',
      summary: '{{score}}% · {{passed}} of {{total}} passing',
      summaryFiltered: '{{passed}} of {{total}} passing',
      attention_one: '{{count}} needs attention',
      attention_other: '{{count}} need attention',
      noChecks: 'No checks match the selected persona.',
    },
    check: {
      level: 'Level {{level}}',
      countsTowardLevel: 'Counts toward the level',
      countsTowardLevelHint:
        'A capability of a level names this check: it can decide the level as well as the score',
      scoreOnly: 'Score only',
      scoreOnlyHint: 'Counts in the score; no capability of a level names it',
      persona: 'Persona: {{persona}}',
      reason: 'Why unverified: {{reason}}',
      undecidableReason: 'Why not decided here: {{reason}}',
      evidence: 'Evidence',
      noEvidence: 'No evidence was collected.',
      observed: 'Observed',
      declared: 'Declared',
      location: 'Location',
      stale: 'Stale',
      staleHint:
        'the source failed on its last collection; this is the last known value',
      remediation: 'How to fix',
      docs: 'Read the docs',
      docsFor: 'Read the docs: {{title}}',
    },
    metrics: {
      title: 'Business metrics',
      timeToProductionDays: 'Time to production',
      deploysLast30d: 'Deploys in the last 30 days',
      modelAgeDays: 'Age of the production model',
      ciSuccessRate: 'CI success rate',
      days_one: '{{count}} day',
      days_other: '{{count}} days',
      percent: '{{percent}}%',
    },
    trend: {
      title: 'Trend',
      chartLabel:
        'Score and level from {{firstDate}} to {{lastDate}}: score {{firstScore}} at level {{firstLevel}}, now score {{lastScore}} at level {{lastLevel}}.',
      single:
        'One evaluation so far: score {{score}}, level {{level}}, on {{date}}. The chart appears after the next evaluation.',
      empty: 'No history yet.',
      showTable: 'Show as table',
      hideTable: 'Hide table',
      tableCaption:
        'Level and score over the last 90 days: the first evaluation, every change, and the latest',
      date: 'Date',
      level: 'Level',
      score: 'Score',
      coverage: 'Coverage',
      legendScore: 'Score (0–100, left axis)',
      legendLevel: 'Level (0–2, right axis)',
      rubric: 'Scoring rules',
      rubricChanged: 'changed',
      rubricChangedMark: 'rules changed',
      rubricNote:
        'Dotted lines mark where the scoring rules (checks or level rules) changed: a drop there can come from a stricter rule rather than from the service.',
      rubricChangedOn: 'The scoring rules changed on {{dates}}.',
    },
    notMlService: {
      title: 'Not an ML service',
      howToOptIn:
        'To score this entity, give it a spec.type of {{types}}, or opt it in with this annotation:',
    },
    notEvaluated: {
      title: 'Not evaluated yet',
      evaluateNow: 'Evaluate now',
    },
    unknownEntity: {
      title: 'Not in the catalog',
    },
    forbidden: {
      title: 'Permission denied',
      description:
        "You don't have permission to view the MLOps maturity of this service.",
    },
    rollupTab: {
      scope: {
        group:
          'The ML services this team owns, with those of the teams below it.',
        domain: 'The ML services in this domain, with those of its subdomains.',
        system: 'The ML services that are part of this system.',
      },
      empty: {
        group: 'No ML service of this team has been scored yet',
        domain: 'No ML service in this domain has been scored yet',
        system: 'No ML service in this system has been scored yet',
      },
      nothingBelow: {
        group: 'No team below this one owns a scored ML service.',
        domain: 'No subdomain of this domain holds a scored ML service.',
      },
      emptyDetail:
        'Services appear here once they are scored and their catalog entity names this team as owner, or belongs to this domain or system.',
    },
    orgPage: {
      subtitle:
        'How mature the MLOps of the ML services is, across the organization',
      tabs: {
        overview: 'Overview',
        compare: 'Compare domains',
        campaigns: 'Campaigns',
        whatIf: 'Preview a rule change',
        waivers: 'Waivers',
      },
      chart: {
        showTable: 'Show as table',
        hideTable: 'Hide table',
        downloadCsv: 'Download CSV',
        downloadFailed: 'Download failed: {{message}}',
      },
      kpi: {
        label: 'Key figures',
        services: 'ML services',
        servicesDetail: 'evaluated',
        atLeastLevel1: 'At level 1 or above',
        level2: 'At level 2',
        ofServices: '{{count}} of {{total}} services',
        meanScore: 'Mean score',
        meanScoreDetail: 'out of 100',
        change: '30-day change',
        changeValue: '{{value}} points',
        changeDetail:
          'Mean score since {{date}}; share at level 1 or above {{share}} points',
        noData: 'No data yet',
        noDataDetail: 'Shown once there is a snapshot from 30 days ago.',
        meetTarget: 'Meet their target',
        meetTargetDetail:
          '{{count}} of {{total}} services with a target level for their lifecycle',
        none: '–',
      },
      distribution: {
        byDomain: 'Level distribution by domain',
        byTeam: 'Level distribution by team',
        chartLabel_one:
          'Stacked bars of the services at each level, for {{count}} top-level group. The table has the numbers, with the groups inside each.',
        chartLabel_other:
          'Stacked bars of the services at each level, for {{count}} top-level groups. The table has the numbers, with the groups inside each.',
        domain: 'Domain',
        team: 'Team',
        showChildren: 'Show the groups inside {{name}}',
        services: 'Services',
        meanScore: 'Mean score',
        meetTarget: 'Meet target',
        meetTargetValue: '{{meeting}} of {{services}}',
        level: 'Level {{level}} — {{name}}',
        includesChildren:
          'A parent counts the services of the groups inside it as well as its own; expand it to see them.',
        empty: 'No services have been evaluated yet.',
      },
      heatmap: {
        title: 'Pass rate by persona and dimension',
        caption:
          'Share of applicable checks that pass or are waived, over all services: rows are dimensions, columns are personas.',
        dimension: 'Dimension',
        percent: '{{percent}}%',
        detail: '{{passed}} of {{total}}',
        noChecks: 'No applicable checks',
        empty: 'No pass rates yet.',
      },
      blockers: {
        title: 'Top blockers',
        subheader:
          'Checks that would close a missing capability of the next level for the most services; fixing one once, for example in a template, pays off most.',
        services_one: 'Blocks {{count}} service from level {{level}}',
        services_other: 'Blocks {{count}} services from level {{level}}',
        meta: '{{dimension}} · {{persona}}',
        empty: 'Nothing blocks any service from its next level.',
      },
      trend: {
        title: 'Trend',
        chartLabel:
          'Mean score and share of services at level 1 or above, from {{firstDate}} to {{lastDate}}. The table has the numbers.',
        date: 'Date',
        services: 'Services',
        meanScore: 'Mean score',
        shareAtLeastLevel1: 'At level 1 or above (%)',
        empty: 'No snapshots yet.',
      },
      services: {
        title: 'Services',
        filters: 'Filter services',
        search: 'Search by name',
        level: 'Level',
        domain: 'Domain',
        owner: 'Owner',
        flavor: 'Flavor',
        all: 'All',
        levelOption: '{{level}} — {{name}}',
        flavors: {
          ml: 'ML',
          llm: 'LLM',
        },
        service: 'Service',
        score: 'Score',
        coverage: 'Coverage',
        failing: 'Failing checks',
        exportCsv: 'Export CSV',
        exportHint:
          'The export holds every service that matches the filters, in this order; the name search is not applied.',
        shown_one: '{{count}} service',
        shown_other: '{{count}} services',
        empty: 'No services match.',
      },
      compare: {
        picker: 'Domains to compare',
        pickerHint: 'Pick 2 to 4 domains.',
        tooFew: 'Pick at least two domains to compare them.',
        noDomains: 'There are no domains with evaluated services to compare.',
        summary: 'Side by side',
        measure: 'Measure',
        services: 'Services',
        meanScore: 'Mean score',
        medianScore: 'Median score',
        coverage: 'Coverage',
        levels: 'Level distribution',
        levelsChartLabel:
          'Stacked bars of the services at each level, per domain. The table has the numbers.',
        dimensions: 'Dimension scores',
        dimensionsChartLabel:
          'Bars of the pass rate of each dimension, per domain. The table has the numbers.',
        metrics: 'Business metric medians',
        noMetric: '–',
        trend: 'Mean score over time',
        trendChartLabel:
          'Lines of the mean score of each domain over time. The table has the numbers.',
        trendEmpty: 'No snapshots yet.',
        date: 'Date',
      },
    },
    waivers: {
      title: 'Waivers',
      subheader:
        'An exemption from one check until a date, requested with a reason and approved by the platform team.',
      none: 'No waiver has been requested through Backstage for this service.',
      request: 'Request a waiver',
      check: 'Check',
      reason: 'Reason',
      reasonHelp: 'Why the check cannot pass yet (at least 10 characters)',
      expiresAt: 'Until',
      submit: 'Request',
      cancel: 'Cancel',
      requestFailed: 'The request was refused: {{message}}',
      decisionFailed: 'Could not {{decision}}: {{message}}',
      status: {
        pending: 'Pending approval',
        approved: 'Approved',
        rejected: 'Rejected',
        revoked: 'Revoked',
        expired: 'Expired',
        closed: 'Closed: the check passes',
      },
      decide: {
        approve: 'Approve',
        reject: 'Reject',
        revoke: 'Revoke',
      },
      columns: {
        check: 'Check',
        status: 'Status',
        until: 'Until',
        reason: 'Reason',
        requestedBy: 'Requested by',
        actions: 'Actions',
      },
    },
    waiverQueue: {
      title: 'Waiver requests',
      subheader:
        'Waivers of every service you may read. Approving, rejecting and revoking need the mlops-maturity.waiver.approve permission; a note goes into the audit log.',
      show: 'Show',
      filters: {
        pending: 'Pending approval',
        approved: 'Approved',
        all: 'All',
      },
      empty: {
        pending: 'No waiver is waiting for approval.',
        approved: 'No waiver is approved at the moment.',
        all: 'No waiver has been requested through Backstage yet.',
      },
      columns: {
        service: 'Service',
        requestedAt: 'Requested',
      },
      decisionTitle: '{{decision}} the waiver of {{check}} on {{service}}',
      note: 'Note (optional)',
      noteHelp: 'Why, for the audit log',
    },
    campaigns: {
      title: 'Campaigns',
      subheader:
        'A goal for part of the organisation by a deadline. Counts include only the services you may read.',
      empty:
        'No campaigns yet. Define them in app-config (mlopsMaturity.campaigns) or create one here.',
      goalLevel: 'Goal: Level {{level}} or above',
      goalCheck: 'Goal: pass the check {{check}}',
      scopeAll: 'Scope: every ML service',
      scope: 'Scope: {{parts}}',
      scopePart: {
        domain: 'domain {{value}}',
        owner: 'team {{value}}',
        system: 'system {{value}}',
        flavor: '{{value}} services',
        lifecycle: 'lifecycle {{value}}',
      },
      deadline: 'Deadline {{date}}',
      daysLeft_one: '{{count}} day left',
      daysLeft_other: '{{count}} days left',
      dueToday: 'due today',
      overdue_one: 'passed {{count}} day ago',
      overdue_other: 'passed {{count}} days ago',
      progress: '{{met}} of {{services}} services meet the goal',
      progressLabel: 'Progress of {{title}}',
      progressDetail:
        '{{behind}} behind, {{waived}} waived, {{unknown}} not known yet',
      source: {
        config: 'Defined in app-config',
        api: 'Created by {{createdBy}}',
      },
      status: {
        met: 'Meets the goal',
        behind: 'Behind',
        waived: 'Waived',
        unknown: 'Not known yet',
      },
      showDetails: 'Who is behind',
      hideDetails: 'Hide details',
      behindByOwner: 'Behind, by owner',
      noOwner: 'No owner',
      notMet: 'Services not meeting the goal',
      allMet: 'Every service meets the goal.',
      service: 'Service',
      owner: 'Owner',
      level: 'Level',
      statusColumn: 'Status',
      count: 'Services',
      history: 'Progress over time',
      historyEmpty:
        'No daily snapshot yet: progress over time starts with the next snapshot.',
      date: 'Date',
      met: 'Meet the goal',
      delete: 'Delete',
      deleteFailed: 'Could not delete: {{message}}',
      create: {
        button: 'New campaign',
        title: 'New campaign',
        id: 'Id',
        idHelp: 'Lower-case letters, digits and dashes',
        titleField: 'Title',
        goalKind: 'Goal',
        goalLevel: 'Reach a level',
        goalCheck: 'Pass a check',
        level: 'Level',
        check: 'Check id',
        domain: 'Domain (optional)',
        owner: 'Team (optional)',
        lifecycle: 'Lifecycle (optional)',
        flavor: 'Flavour',
        flavorAny: 'ML and LLM',
        deadline: 'Deadline',
        submit: 'Create',
        cancel: 'Cancel',
        failed: 'Could not create the campaign: {{message}}',
      },
      tab: {
        title: 'Campaigns',
        standing: 'This service: {{status}}',
      },
    },
    teamPersonas: {
      title: 'By team persona',
      subheader:
        'Services by the role most members of their owning team hold (mlops-maturity.io/team-persona on the group), and the check that most often keeps them from their next level.',
      teams: {
        'data-scientist': 'Data-science teams',
        'ml-engineer': 'ML-engineering teams',
        devops: 'DevOps and platform teams',
      },
      column: 'Teams',
      services: 'Services',
      meanScore: 'Mean score',
      mostMissed: 'Most often missed',
      mostMissedValue: '{{title}} ({{count}} services)',
      none: '–',
      empty:
        'No owning team declares a persona yet: annotate Groups with mlops-maturity.io/team-persona.',
    },
    whatIf: {
      title: 'Preview a rule change',
      intro:
        'Write a change of the check catalogue as in app-config: check overrides (checks), added custom checks (customChecks) and level rules (levels). Every service you may read is scored again from its stored facts; nothing is saved.',
      label: 'Rule change (JSON)',
      preview: 'Preview',
      invalidJson: 'Not valid JSON: {{message}}',
      failed: 'The change was refused: {{message}}',
      summary:
        'Of {{services}} services you may read, {{changed}} would change level: {{up}} up, {{down}} down.',
      byDomain: 'By domain',
      byTeam: 'By team',
      domain: 'Domain',
      team: 'Team',
      services: 'Services',
      up: 'Up',
      down: 'Down',
      changed: 'Services that would change level',
      service: 'Service',
      from: 'Now',
      to: 'With the change',
      warnings: 'Ignored settings',
    },
    card: {
      nextSteps: 'Next steps to level {{level}}',
      topLevel: 'Top level reached: nothing blocks this service.',
      moreBlockers_one: 'and {{count}} more',
      moreBlockers_other: 'and {{count}} more',
      viewDetails: 'View MLOps maturity',
    },
  },
});
