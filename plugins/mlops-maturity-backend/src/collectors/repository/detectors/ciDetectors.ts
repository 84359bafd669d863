import { RepoFileSet } from '../RepoFileSet';
import { awsJobs } from './ci/awsPipelines';
import { azurePipelinesJobs } from './ci/azurePipelines';
import { ciJobFindings } from './ci/ciJobs';
import { circleCiJobs } from './ci/circleCi';
import { cloudBuildJobs } from './ci/cloudBuild';
import { githubActionsJobs } from './ci/githubActions';
import { gitlabCiJobs } from './ci/gitlabCi';
import { jenkinsJobs } from './ci/jenkins';
import { DetectorResult } from './types';

/**
 * CI jobs of every supported CI system, with what each job runs, when, and behind
 * which gate.
 */
export function detectCi(files: RepoFileSet): DetectorResult {
  const models = [
    ...githubActionsJobs(files),
    ...gitlabCiJobs(files),
    ...azurePipelinesJobs(files),
    ...cloudBuildJobs(files),
    ...jenkinsJobs(files),
    ...circleCiJobs(files),
    ...awsJobs(files),
  ];
  return ciJobFindings(models, files);
}
