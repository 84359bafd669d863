import { RepoFileSet } from '../RepoFileSet';
import { awsJobs } from './ci/awsPipelines';
import { azurePipelinesJobs } from './ci/azurePipelines';
import { bitbucketPipelinesJobs } from './ci/bitbucketPipelines';
import { ciJobFindings } from './ci/ciJobs';
import { circleCiJobs } from './ci/circleCi';
import { cloudBuildJobs } from './ci/cloudBuild';
import { droneJobs } from './ci/drone';
import { githubActionsJobs } from './ci/githubActions';
import { gitlabCiJobs } from './ci/gitlabCi';
import { jenkinsJobs } from './ci/jenkins';
import { tektonTriggerJobs } from './ci/tektonTriggers';
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
    ...bitbucketPipelinesJobs(files),
    ...droneJobs(files),
    ...tektonTriggerJobs(files),
  ];
  return ciJobFindings(models, files);
}
