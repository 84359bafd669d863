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
} from './scoreDirectory';
import { evaluateCapabilities, reachedLevel } from '../engine/capabilityLevels';

const USAGE = `Usage:
  mlops-maturity score <dir> [--json] [--min-level 0|1|2] [--allow-waivers]
                             [--flavor ml|llm] [--config <app-config.yaml>] [--root <repository>]
  mlops-maturity calibrate <labels.json> --repos <dir> [--json | --markdown] [--config <app-config.yaml>]

score      Scores a local checkout with the MLOps maturity engine and its built-in checks.
           A folder inside a git work tree (or inside --root) is scored as a monorepo
           folder, with the root CI definitions that name it. The flavour comes from
           catalog-info.yaml, else from the LLM SDKs the code uses, unless --flavor says.
           Waivers in catalog-info.yaml do not count toward --min-level unless
           --allow-waivers is given.
calibrate  Scores every labelled repository checked out at <dir>/<owner>+<name> (the
           folder comes from the labels) and compares the levels with the expert's band.

Exit codes:
  0  scored (and the level is at least --min-level when given)
  1  the scorecard is below --min-level
  2  usage error or unreadable input (missing directory, malformed catalog-info.yaml,
     invalid config or labels)
  3  internal error`;

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
    : reachedLevel(
        scorecard.flavor,
        evaluateCapabilities(scorecard.flavor, scorecard.checks, {
          requireObservedLevels: config?.requireObservedLevels,
          ignoreWaivers: true,
        }),
      );
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
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
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
      process.stderr.write(`${err.message}\n${USAGE}\n`);
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

if (require.main === module) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
