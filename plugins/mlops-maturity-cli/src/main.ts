import { Command, CommanderError, Option } from 'commander';
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

interface ScoreArgs {
  json?: boolean;
  minLevel?: string;
  allowWaivers?: boolean;
  flavor?: Flavor;
  config?: string;
  root?: string;
}

interface CalibrateArgs {
  repos: string;
  json?: boolean;
  markdown?: boolean;
  config?: string;
}

const configOption = () =>
  new Option(
    '--config <app-config.yaml>',
    'Applies the checks, customChecks and levels of mlopsMaturity',
  );

const readConfig = (file?: string) =>
  file ? readScoringConfig(file) : Promise.resolve(undefined);

/** The command line; a new one for each run, since commander keeps the parsed values. */
function createProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('mlops-maturity')
    .usage('<command> [options]')
    .description(
      'Scores the MLOps maturity of ML services from their checkouts, with the engine and built-in checks of the Backstage backend plugin.',
    )
    .addHelpText(
      'after',
      '\nExit codes 0 scored (and at least --min-level, when given), 1 scored below\n--min-level, 2 usage error or unreadable input (missing directory, malformed\ncatalog-info.yaml, invalid config or labels), 3 internal error.',
    )
    .configureOutput({
      writeOut: text => process.stdout.write(text),
      writeErr: text => process.stderr.write(text),
    })
    .showHelpAfterError()
    .exitOverride();

  program
    .command('score')
    .usage('<dir> [options]')
    .description('Scores a local checkout and explains its level')
    .argument('<dir>', 'The checkout, or a service folder inside one')
    .option(
      '--json',
      'Prints the scorecard as the REST API does, with the undecidable checks',
    )
    .addOption(
      new Option(
        '--min-level <0|1|2>',
        'Exits with 1 when the level is below this one',
      ).choices(['0', '1', '2']),
    )
    .option(
      '--allow-waivers',
      'Counts the waivers in catalog-info.yaml toward --min-level',
    )
    .addOption(
      new Option('--flavor <ml|llm>', 'Scores as this flavour').choices([
        'ml',
        'llm',
      ]),
    )
    .addOption(configOption())
    .option(
      '--root <repository>',
      'The repository <dir> belongs to (default: the git work tree around it)',
    )
    .addHelpText(
      'after',
      '\nA folder inside a git work tree (or inside --root) is scored as a monorepo folder,\nwith the root CI definitions that name it. The flavour comes from catalog-info.yaml,\nelse from the LLM SDKs the code uses, unless --flavor says. Checks that need CI runs,\na registry or monitoring are listed apart.',
    )
    .action(async (directory: string, args: ScoreArgs) =>
      setExitCode(await score(directory, args, await readConfig(args.config))),
    );

  program
    .command('calibrate')
    .usage('<labels.json> --repos <dir> [options]')
    .description(
      "Compares the levels of labelled repositories with an expert's band",
    )
    .argument('<labels.json>', "The labels, in the calibration set's format")
    .requiredOption(
      '--repos <dir>',
      'Where the labelled repositories are checked out, as <owner>+<name>',
    )
    .option('--json', 'Prints the report as JSON')
    .option('--markdown', 'Prints the report as a Markdown table')
    .addOption(configOption())
    .action(async (labelsFile: string, args: CalibrateArgs) =>
      setExitCode(
        await runCalibration(labelsFile, args, await readConfig(args.config)),
      ),
    );
  return program;
}

async function score(
  directory: string,
  args: ScoreArgs,
  config?: ScoringConfig,
) {
  const result = await scoreDirectory(directory, {
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
  const minLevel = Number(args.minLevel);
  // Waivers written in the checkout's own catalog-info.yaml are self-granted: a gate
  // ignores them unless told otherwise.
  const gated = args.allowWaivers
    ? scorecard.level
    : result.levelWithoutWaivers;
  if (gated < minLevel) {
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

async function runCalibration(
  labelsFile: string,
  args: CalibrateArgs,
  config?: ScoringConfig,
) {
  const labels = await readLabels(labelsFile);
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
  let exitCode = 0;
  const program = createProgram(code => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for exits 0; anything commander refused is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    const err = error as Error;
    process.stderr.write(`mlops-maturity: ${err.message}\n`);
    return err instanceof InputError ||
      err.name === 'InputError' ||
      err.name === 'NotFoundError'
      ? 2
      : 3;
  }
}
