import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CiJob, RepositoryView, stringList } from './evidence';

/** The command or action that showed `activity` in a job, e.g. `` `python train.py` ``. */
export function activityEvidence(job: CiJob, activity: CiActivity): string {
  const prefix = `${activity}: `;
  const evidence = stringList(job.signal.attributes?.evidence).find(item =>
    item.startsWith(prefix),
  );
  return evidence ? `\`${evidence.slice(prefix.length)}\`` : activity;
}

/**
 * When every test file a job's test command collects is a placeholder (a rejected
 * `tests` finding), the placeholders; otherwise undefined, also when the job's test
 * targets cannot be read (a runner other than pytest).
 */
export function placeholderOnlyTests(
  repo: RepositoryView,
  job: CiJob,
): string | undefined {
  const targets = stringList(job.signal.attributes?.testTargets);
  if (targets.length === 0) {
    return undefined;
  }
  const collected = (path: string) =>
    targets.some(
      target =>
        target === '' || path === target || path.startsWith(`${target}/`),
    );
  const realTests = repo.signals('tests').some(signal => {
    const files = stringList(signal.attributes?.files);
    const listed = files.some(collected);
    // The file list of a suite is capped; its folder then stands for the rest.
    const folderOverlaps =
      collected(signal.path) ||
      targets.some(target => target.startsWith(`${signal.path}/`));
    return (
      listed ||
      (files.length === 0 || files.length >= 20 ? folderOverlaps : false)
    );
  });
  if (realTests) {
    return undefined;
  }
  const placeholders = repo.rejections('tests').filter(r => collected(r.path));
  if (placeholders.length === 0) {
    return undefined;
  }
  const shown = placeholders.slice(0, 3).map(r => `\`${r.path}\``);
  const more =
    placeholders.length > 3 ? ` and ${placeholders.length - 3} more` : '';
  return `${shown.join(', ')}${more}`;
}
