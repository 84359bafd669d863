import fs from 'fs/promises';
import path from 'path';
import { InputError } from '@backstage/errors';
import {
  Flavor,
  MaturityLevel,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  ScoringConfig,
  scoreDirectory,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-backend/scoring';

/** One labelled repository (or monorepo folder) of a calibration set. */
export interface CalibrationLabel {
  repo: string;
  commit: string;
  subdir: string;
  kind: string;
  level: MaturityLevel;
  acceptable_levels: MaturityLevel[];
}

export interface CalibrationRow {
  repo: string;
  subdir: string;
  kind: string;
  expertLevel: MaturityLevel;
  band: MaturityLevel[];
  /** Absent when the checkout is missing or could not be scored. */
  level?: MaturityLevel;
  score?: number;
  flavor?: Flavor;
  withinBand: boolean;
  capabilities: string[];
  /** What the next level misses, capability ids. */
  blockers: string[];
  error?: string;
}

export interface CalibrationReport {
  rows: CalibrationRow[];
  withinBand: number;
  exact: number;
  total: number;
  /** Services the expert puts at Level 0 only that the scorer puts at Level 2. */
  levelZeroAtTwo: number;
  /** confusion[expert][scored]; unscored rows are left out. */
  confusion: number[][];
  /** Spearman rank correlation between score and expert level; null when undefined. */
  spearman: number | null;
}

const isLevel = (value: unknown): value is MaturityLevel =>
  value === 0 || value === 1 || value === 2;

/** Reads and checks a labels file in the calibration set's format. */
export async function readLabels(file: string): Promise<CalibrationLabel[]> {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      `Cannot read the labels ${file}: ${(error as Error).message}`,
    );
  }
  const repos = (data as { repos?: unknown })?.repos;
  if (!Array.isArray(repos) || repos.length === 0) {
    throw new InputError(
      `${file} has no "repos" list of labelled repositories`,
    );
  }
  return repos.map((entry, index) => {
    const label = entry as Partial<CalibrationLabel>;
    const where = `${file}: repos[${index}]`;
    if (
      typeof label.repo !== 'string' ||
      !/^[\w.-]+\/[\w.-]+$/.test(label.repo)
    ) {
      throw new InputError(`${where}.repo must be "owner/name"`);
    }
    if (!isLevel(label.level)) {
      throw new InputError(`${where}.level must be 0, 1 or 2`);
    }
    if (
      !Array.isArray(label.acceptable_levels) ||
      label.acceptable_levels.length === 0 ||
      !label.acceptable_levels.every(isLevel)
    ) {
      throw new InputError(
        `${where}.acceptable_levels must list levels 0, 1 or 2`,
      );
    }
    if (label.subdir !== undefined && typeof label.subdir !== 'string') {
      throw new InputError(`${where}.subdir must be a folder path`);
    }
    return {
      repo: label.repo,
      commit: typeof label.commit === 'string' ? label.commit : '',
      subdir: label.subdir ?? '',
      kind: typeof label.kind === 'string' ? label.kind : '',
      level: label.level,
      acceptable_levels: label.acceptable_levels,
    };
  });
}

/** Average ranks, ties sharing the mean of the ranks they span. */
function ranks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index }));
  order.sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1].value === order[i].value) {
      j++;
    }
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      result[order[k].index] = rank;
    }
    i = j + 1;
  }
  return result;
}

/** Spearman's rho: Pearson correlation of the average ranks (handles ties). */
export function spearman(x: number[], y: number[]): number | null {
  if (x.length !== y.length || x.length < 2) {
    return null;
  }
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < rx.length; i++) {
    covariance += (rx[i] - mx) * (ry[i] - my);
    vx += (rx[i] - mx) ** 2;
    vy += (ry[i] - my) ** 2;
  }
  return vx === 0 || vy === 0 ? null : covariance / Math.sqrt(vx * vy);
}

/**
 * Scores every labelled checkout (`<reposDir>/<owner>+<name>`, folder from the labels) as
 * the CLI scores any checkout, and compares the levels with the expert's. The labels only
 * choose the folder and name where the files came from; the flavour is detected.
 */
export async function calibrate(
  labels: CalibrationLabel[],
  reposDir: string,
  config?: ScoringConfig,
): Promise<CalibrationReport> {
  const rows: CalibrationRow[] = [];
  for (const label of labels) {
    const root = path.join(reposDir, label.repo.replace('/', '+'));
    const base = {
      repo: label.repo,
      subdir: label.subdir,
      kind: label.kind,
      expertLevel: label.level,
      band: label.acceptable_levels,
      capabilities: [],
      blockers: [],
    };
    try {
      const result = await scoreDirectory(path.join(root, label.subdir), {
        repositoryRoot: root,
        versionControl: {
          system: 'git',
          detail: `checked out from ${label.repo}${
            label.commit ? ` at ${label.commit.slice(0, 12)}` : ''
          }`,
        },
        ...(config
          ? {
              overrides: config.overrides,
              customChecks: config.customChecks,
              requireObservedLevels: config.requireObservedLevels,
            }
          : {}),
      });
      const { scorecard } = result;
      rows.push({
        ...base,
        level: scorecard.level,
        score: scorecard.score,
        flavor: scorecard.flavor,
        withinBand: label.acceptable_levels.includes(scorecard.level),
        capabilities: (scorecard.capabilities ?? [])
          .filter(c => c.status === 'demonstrated')
          .map(c => c.id),
        blockers: scorecard.nextLevel?.missingCapabilities ?? [],
      });
    } catch (error) {
      rows.push({
        ...base,
        withinBand: false,
        error: (error as Error).message,
      });
    }
  }
  const scored = rows.filter(
    (row): row is CalibrationRow & { level: MaturityLevel; score: number } =>
      row.level !== undefined && row.score !== undefined,
  );
  const confusion = [0, 1, 2].map(() => [0, 0, 0]);
  scored.forEach(row => confusion[row.expertLevel][row.level]++);
  return {
    rows,
    withinBand: rows.filter(r => r.withinBand).length,
    exact: scored.filter(r => r.level === r.expertLevel).length,
    total: rows.length,
    levelZeroAtTwo: scored.filter(
      r => r.level === 2 && r.band.length === 1 && r.band[0] === 0,
    ).length,
    confusion,
    spearman: spearman(
      scored.map(r => r.score),
      scored.map(r => r.expertLevel),
    ),
  };
}

const pad = (text: string, width: number) => text.padEnd(width);

/** The calibration run as a table and its agreement figures. */
export function formatCalibration(report: CalibrationReport): string {
  const lines: string[] = [];
  const name = (row: CalibrationRow) =>
    row.subdir ? `${row.repo}/${row.subdir}` : row.repo;
  const width = Math.max(10, ...report.rows.map(r => name(r).length));
  lines.push(
    `${pad(
      'repository',
      width,
    )}  kind         flavour  band  expert  level  score  capabilities / next-level blockers`,
  );
  for (const row of report.rows) {
    if (row.error) {
      lines.push(
        `${pad(name(row), width)}  ${pad(row.kind, 11)}  -        ${pad(
          row.band.join('-'),
          4,
        )}  ${row.expertLevel}       -      -      not scored: ${row.error}`,
      );
      continue;
    }
    const mark = row.withinBand ? ' ' : '!';
    lines.push(
      `${pad(name(row), width)}  ${pad(row.kind, 11)}  ${pad(
        row.flavor ?? '',
        7,
      )}  ${pad(row.band.join('-'), 4)}  ${row.expertLevel}       ${
        row.level
      }${mark}     ${String(row.score).padStart(3)}    ${
        row.capabilities.join(', ') || '(none)'
      }${row.blockers.length ? ` | needs: ${row.blockers.join(', ')}` : ''}`,
    );
  }
  lines.push('');
  lines.push(`within band: ${report.withinBand}/${report.total}`);
  lines.push(`exact matches: ${report.exact}/${report.total}`);
  lines.push(`Level-0-band services scored Level 2: ${report.levelZeroAtTwo}`);
  lines.push('confusion (rows: expert level, columns: scored level):');
  lines.push('          L0  L1  L2');
  report.confusion.forEach((row, expert) =>
    lines.push(
      `  expert ${expert} ${row.map(n => String(n).padStart(3)).join(' ')}`,
    ),
  );
  lines.push(
    `Spearman rank correlation (score vs expert level): ${
      report.spearman === null ? 'undefined' : report.spearman.toFixed(3)
    }`,
  );
  lines.push('("!" marks a level outside the expert\'s band)');
  return lines.join('\n');
}

/** The calibration run as a Markdown table with its agreement figures, for docs/validation.md. */
export function formatCalibrationMarkdown(report: CalibrationReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    '| repository | kind | flavour | band | expert | level | score | capabilities demonstrated | next level needs |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of report.rows) {
    const name = row.subdir ? `${row.repo} / ${row.subdir}` : row.repo;
    lines.push(
      `| ${cell(name)} | ${row.kind} | ${row.flavor ?? '—'} | ${row.band.join(
        '–',
      )} | ${row.expertLevel} | ${
        row.level === undefined
          ? `not scored: ${cell(row.error ?? '')}`
          : `${row.level}${row.withinBand ? '' : ' ✗'}`
      } | ${row.score ?? '—'} | ${row.capabilities.join(', ') || '—'} | ${
        row.blockers.join(', ') || '—'
      } |`,
    );
  }
  lines.push(
    '',
    `- within band: **${report.withinBand}/${report.total}**`,
    `- exact matches: ${report.exact}/${report.total}`,
    `- Level-0-band services scored Level 2: ${report.levelZeroAtTwo}`,
    `- Spearman rank correlation between score and expert level: **${
      report.spearman === null ? 'undefined' : report.spearman.toFixed(3)
    }**`,
    '',
    '| expert \\ scored | L0 | L1 | L2 |',
    '|---|---|---|---|',
    ...report.confusion.map(
      (row, expert) => `| L${expert} | ${row.join(' | ')} |`,
    ),
  );
  return lines.join('\n');
}
