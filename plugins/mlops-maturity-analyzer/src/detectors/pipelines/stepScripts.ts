import { RepoFileSet } from '../../RepoFileSet';
import { joinRepoPath } from '../../parsing/paths';
import {
  isTrivialCommand,
  parseShellScript,
  shellWords,
} from '../../parsing/shell';
import { CiStep } from '../ci/ciActivities';

/** A step of a pipeline that runs a shell command. */
export interface CommandStep {
  name: string;
  script: string;
  workingDirectory: string;
}

export interface CheckedSteps {
  /** The commands that are evidence, one step each: all but those running a missing script. */
  steps: CiStep[];
  /** Scripts the steps run that the repository does not contain. */
  missingScripts: string[];
  /** Steps left with nothing but missing scripts. */
  unsupported: string[];
}

const SCRIPT_RUNNERS: RegExp[] = [
  /^python[\d.]*\s+(?:-[a-zA-Z]+\s+)*([^\s-]\S*\.py)\b/,
  /^(?:(?:ba|z|da)?sh|source|\.)\s+(?:-\S+\s+)*(\S+\.sh)\b/,
  /^(\.{0,2}\/?[\w./-]+\.(?:sh|py))(?:\s|$)/,
  /^Rscript\s+(?:-\S+\s+)*(\S+\.[rR])\b/,
  /^spark-submit\s+(?:--?\S+(?:\s+(?!-)\S+)?\s+)*?(\S+\.py)\b/,
  /^papermill\s+(\S+\.ipynb)\b/,
];

/** The repository script a command runs, if it runs one by path. */
export function scriptRunBy(command: string): string | undefined {
  for (const runner of SCRIPT_RUNNERS) {
    const script = command.match(runner)?.[1];
    // Templated paths (`$DIR/x.py`, `{dir}/x.py`) cannot be checked.
    if (script && !/[$%{}]/.test(script)) {
      return script;
    }
  }
  return undefined;
}

/**
 * Keeps the commands of pipeline steps that are evidence. A command that runs a script
 * the repository does not contain shows nothing (the script could do anything, or
 * nothing), so it is dropped and reported, and its name is not read as what it does.
 */
export function checkStepScripts(
  steps: CommandStep[],
  files: RepoFileSet,
): CheckedSteps {
  const kept: CiStep[] = [];
  const missing: string[] = [];
  const unsupported: string[] = [];
  for (const step of steps) {
    let directory = step.workingDirectory;
    const present: Array<{
      script: string;
      workingDirectory: string;
      ignoreFailure: boolean;
    }> = [];
    const absent: string[] = [];
    for (const command of parseShellScript(step.script)) {
      const cd = command.text.match(/^cd\s+(\S+)/);
      if (cd) {
        directory =
          joinRepoPath(directory, shellWords(cd[1])[0] ?? '') ?? directory;
        continue;
      }
      const script = scriptRunBy(command.text);
      if (
        script === undefined ||
        [directory, step.workingDirectory].some(
          dir => files.resolve(dir, script) !== undefined,
        )
      ) {
        present.push({
          script: command.text,
          workingDirectory: directory,
          ignoreFailure: command.resultIgnored,
        });
      } else {
        absent.push(script);
      }
    }
    if (absent.length === 0) {
      // Nothing dropped: keep the step whole (heredoc programs live outside the command text).
      kept.push({
        script: step.script,
        workingDirectory: step.workingDirectory,
      });
      continue;
    }
    missing.push(...absent);
    kept.push(...present);
    if (present.every(command => isTrivialCommand(command.script))) {
      unsupported.push(step.name);
    }
  }
  return {
    steps: kept,
    missingScripts: [...new Set(missing)],
    unsupported,
  };
}
