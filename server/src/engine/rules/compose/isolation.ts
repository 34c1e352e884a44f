/** Capabilities, privileges, isolation, resources, logging, restart, structure (owned by one rule group). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { apparmorNotUnconfined } from './apparmorNotUnconfined';
import { capAddMinimal } from './capAddMinimal';
import { capDropAll } from './capDropAll';
import { containerNameValid } from './containerNameValid';
import { cpuLimit } from './cpuLimit';
import { loggingRotation } from './loggingRotation';
import { memoryLimit } from './memoryLimit';
import { noDockerSocket } from './noDockerSocket';
import { noDuplicateContainerNames } from './noDuplicateContainerNames';
import { noHostIpc } from './noHostIpc';
import { noHostNetwork } from './noHostNetwork';
import { noHostPid } from './noHostPid';
import { noHostUserns } from './noHostUserns';
import { noHostUts } from './noHostUts';
import { noNewPrivileges } from './noNewPrivileges';
import { nonRootUser } from './nonRootUser';
import { noPrivileged } from './noPrivileged';
import { noSensitiveHostMount } from './noSensitiveHostMount';
import { noVersionField } from './noVersionField';
import { pidsLimit } from './pidsLimit';
import { readOnlyRootfs } from './readOnlyRootfs';
import { restartPolicy } from './restartPolicy';
import { seccompNotUnconfined } from './seccompNotUnconfined';
import { serviceShape } from './serviceShape';

export const isolationRules: Rule<ComposeContext>[] = [
  // structure first: a malformed service explains the other findings on it
  serviceShape,
  noVersionField,
  noDuplicateContainerNames,
  containerNameValid,
  // capabilities and privileges
  capDropAll,
  capAddMinimal,
  noNewPrivileges,
  noPrivileged,
  seccompNotUnconfined,
  apparmorNotUnconfined,
  // host isolation
  noDockerSocket,
  noSensitiveHostMount,
  noHostNetwork,
  noHostPid,
  noHostIpc,
  noHostUserns,
  noHostUts,
  readOnlyRootfs,
  nonRootUser,
  // resources, logs, restart
  memoryLimit,
  cpuLimit,
  pidsLimit,
  loggingRotation,
  restartPolicy,
];
