/** Registry of Dockerfile rules: add a module here and it is checked, documented and tested for drift. */
import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { apkNoCache } from './apkNoCache';
import { aptHygiene } from './aptHygiene';
import { copyBeforeInstall } from './copyBeforeInstall';
import { copyNotAdd } from './copyNotAdd';
import { execForm } from './execForm';
import { fromExplicitTag } from './fromExplicitTag';
import { healthcheck } from './healthcheck';
import { healthcheckLoopback } from './healthcheckLoopback';
import { multiStage } from './multiStage';
import { noSecrets } from './noSecrets';
import { noSudo } from './noSudo';
import { npmCi } from './npmCi';
import { pipefail } from './pipefail';
import { pipNoCacheDir } from './pipNoCacheDir';
import { singleCmdEntrypoint } from './singleCmdEntrypoint';
import { stageAliases } from './stageAliases';
import { tlsVerification } from './tlsVerification';
import { userNonRoot } from './userNonRoot';

export const dockerfileRules: Rule<DockerfileContext>[] = [
  userNonRoot,
  fromExplicitTag,
  healthcheck,
  healthcheckLoopback,
  noSecrets,
  copyNotAdd,
  noSudo,
  aptHygiene,
  apkNoCache,
  pipNoCacheDir,
  pipefail,
  execForm,
  singleCmdEntrypoint,
  stageAliases,
  tlsVerification,
  multiStage,
  npmCi,
  copyBeforeInstall,
];
