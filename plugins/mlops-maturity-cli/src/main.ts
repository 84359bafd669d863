import { InputError } from '@backstage/errors';
import {
  Flavor,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  calibrate,
  formatCalibration,
  formatCalibrationMarkdown,
  readLabels,
} from './calibrate';
import { formatReport } from './formatReport';
import {
  ScoringConfig,
  readScoringConfig,
  scoreDirectory,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-backend/scoring';

// The help pages follow commander's layout (Usage, Commands, Options), which is also what
// Backstage's API report tooling reads to record the command's surface.
const HELP = {
  main: `Usage: mlops-maturity <command> [options]

Scores the MLOps maturity of ML services from their checkouts, with the engine and
built-in checks of the Backstage backend plugin.

Commands:
  score <dir>              Scores a local checkout and explains its level
  calibrate <labels.json>  Compares the levels of labelled repositories with an expert's band
  help                     Shows this help

Exit codes 0 scored (and at least --min-level, when given), 1 scored below
--min-level, 2 usage error or unreadable input (missing directory, malformed
catalog-info.yaml, invalid config or labels), 3 internal error.`,
  score: `Usage: mlops-maturity score <dir> [options]

Scores the checkout at <dir>. A folder inside a git work tree (or inside --root) is
scored as a monorepo folder, with the root CI definitions that name it. The flavour
comes from catalog-info.yaml, else from the LLM SDKs the code uses, unless --flavor
says. Checks that need CI runs, a registry or monitoring are listed apart.

Options:
  --json                      Prints the scorecard as the REST API does, with the undecidable checks
  --min-level <0|1|2>         Exits with 1 when the level is below this one
  --allow-waivers             Counts the waivers in catalog-info.yaml toward --min-level
  --flavor <ml|llm>           Scores as this flavour
  --config <app-config.yaml>  Applies the checks, customChecks and levels of mlopsMaturity
  --root <repository>         The repository <dir> belongs to (default: the git work tree around it)
  -h, --help                  Shows this help`,
  calibrate: `Usage: mlops-maturity calibrate <labels.json> --repos <dir> [options]

Scores every labelled repository checked out at <dir>/<owner>+<name> (the folder
comes from the labels) and compares the levels with the expert's band.

Options:
  --repos <dir>               Where the labelled repositories are checked out
  --json                      Prints the report as JSON
  --markdown                  Prints the report as a Markdown table
  --config <app-config.yaml>  Applies the checks, customChecks and levels of mlopsMaturity
  -h, --help                  Shows this help`,
};

class UsageError extends Error {
  name = 'UsageError';
}

interface ParsedArgs {
  positional: string[];
  json: boolean;
  markdown: boolean;
  allowWaivers: boolean;
  minLevel?: number;
  flavor?: Flavor;
  config?: string;
  root?: string;
  repos?: string;
}

function parseArgs(args: string[]): ParsedArgs {
  const parsed: ParsedArgs = {
    positional: [],
    json: false,
    markdown: false,
    allowWaivers: false,
  };
  const value = (i: number, option: string) => {
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) {
      throw new UsageError(`${option} needs a value`);
    }
    return next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    switch (arg) {
      case '--json':
        parsed.json = true;
        break;
      case '--markdown':
        parsed.markdown = true;
        break;
      case '--allow-waivers':
        parsed.allowWaivers = true;
        break;
      case '--min-level':
        parsed.minLevel = Number(value(i++, arg));
        if (![0, 1, 2].includes(parsed.minLevel)) {
          throw new UsageError('--min-level takes 0, 1 or 2');
        }
        break;
      case '--flavor': {
        const flavor = value(i++, arg);
        if (flavor !== 'ml' && flavor !== 'llm') {
          throw new UsageError('--flavor takes ml or llm');
        }
        parsed.flavor = flavor;
        break;
      }
      case '--config':
        parsed.config = value(i++, arg);
        break;
      case '--root':
        parsed.root = value(i++, arg);
        break;
      case '--repos':
        parsed.repos = value(i++, arg);
        break;
      default:
        if (arg.startsWith('-')) {
          throw new UsageError(`Unknown option ${arg}`);
        }
        parsed.positional.push(arg);
    }
  }
  return parsed;
}

async function score(args: ParsedArgs, config?: ScoringConfig) {
  if (args.positional.length !== 1 || args.repos) {
    throw new UsageError('score takes one directory');
  }
  const result = await scoreDirectory(args.positional[0], {
    flavor: args.flavor,
    repositoryRoot: args.root,
    ...(config ?? {}),
  });
  const { scorecard } = result;
  process.stdout.write(
    args.json
      ? `${JSON.stringify(
          { ...scorecard, undecidable: result.undecidable },
          null,
          2,
        )}\n`
      : `${formatReport(result)}\n`,
  );
  if (args.minLevel === undefined) {
    return 0;
  }
  // Waivers written in the checkout's own catalog-info.yaml are self-granted: a gate
  // ignores them unless told otherwise.
  const gated = args.allowWaivers
    ? scorecard.level
    : result.levelWithoutWaivers;
  if (gated < args.minLevel) {
    if (gated < scorecard.level) {
      process.stderr.write(
        `Level ${
          scorecard.level
        } rests on waivers; without them the level is ${gated} (${levelName(
          gated,
        )}), below --min-level ${
          args.minLevel
        }. Pass --allow-waivers to count them.\n`,
      );
    }
    return 1;
  }
  return 0;
}

async function runCalibration(args: ParsedArgs, config?: ScoringConfig) {
  if (args.positional.length !== 1 || !args.repos) {
    throw new UsageError('calibrate takes a labels file and --repos <dir>');
  }
  const labels = await readLabels(args.positional[0]);
  const report = await calibrate(labels, args.repos, config);
  let output = formatCalibration(report);
  if (args.json) {
    output = JSON.stringify(report, null, 2);
  } else if (args.markdown) {
    output = formatCalibrationMarkdown(report);
  }
  process.stdout.write(`${output}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const page =
    command === 'score' || command === 'calibrate' ? command : 'main';
  if (
    command === 'help' ||
    [command, ...rest].some(arg => arg === '--help' || arg === '-h')
  ) {
    process.stdout.write(`${HELP[page]}\n`);
    return 0;
  }
  try {
    const args = parseArgs(rest);
    const config = args.config
      ? await readScoringConfig(args.config)
      : undefined;
    if (command === 'score') {
      return await score(args, config);
    }
    if (command === 'calibrate') {
      return await runCalibration(args, config);
    }
    throw new UsageError(
      command ? `Unknown command ${command}` : 'No command given',
    );
  } catch (error) {
    const err = error as Error;
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${HELP[page]}\n`);
      return 2;
    }
    process.stderr.write(`mlops-maturity: ${err.message}\n`);
    return err instanceof InputError ||
      err.name === 'InputError' ||
      err.name === 'NotFoundError'
      ? 2
      : 3;
  }
}
