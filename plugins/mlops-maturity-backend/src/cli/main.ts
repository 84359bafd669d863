import { scoreDirectory } from './scoreDirectory';
import { formatReport } from './formatReport';

const USAGE = `Usage: mlops-maturity score <dir> [--json] [--min-level 0|1|2]

Scores a local checkout with the MLOps maturity engine and its built-in checks.

Exit codes:
  0  scored (and the level is at least --min-level when given)
  1  the scorecard is below --min-level
  2  usage error or unreadable input (missing directory, malformed catalog-info.yaml)
  3  internal error`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'score') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let json = false;
  let minLevel: number | undefined;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--min-level') {
      minLevel = Number(rest[++i]);
      if (![0, 1, 2].includes(minLevel)) {
        process.stderr.write('--min-level takes 0, 1 or 2\n');
        return 2;
      }
    } else if (arg.startsWith('-')) {
      process.stderr.write(`Unknown option ${arg}\n${USAGE}\n`);
      return 2;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const { scorecard, entitySource } = await scoreDirectory(positional[0]);
    process.stdout.write(
      json
        ? `${JSON.stringify(scorecard, null, 2)}\n`
        : `${formatReport(scorecard, entitySource)}\n`,
    );
    return minLevel !== undefined && scorecard.level < minLevel ? 1 : 0;
  } catch (error) {
    const err = error as Error;
    process.stderr.write(`mlops-maturity: ${err.message}\n`);
    return err.name === 'InputError' || err.name === 'NotFoundError' ? 2 : 3;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
