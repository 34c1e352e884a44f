/** Network, images, health and order, secrets, data, GPU/Ollama rules (owned by one rule group). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { dbNamedVolume } from './dbNamedVolume';
import { dependsOnHealthy } from './dependsOnHealthy';
import { dependsOnUnhealthyTarget } from './dependsOnUnhealthyTarget';
import { gpuReservationShape } from './gpuReservationShape';
import { healthcheckLoopbackIp } from './healthcheckLoopbackIp';
import { healthcheckRequired } from './healthcheckRequired';
import { imageExplicitTag } from './imageExplicitTag';
import { imageTagFromEnvDefault } from './imageTagFromEnvDefault';
import { noDuplicateExportedPorts } from './noDuplicateExportedPorts';
import { noHardcodedSecrets } from './noHardcodedSecrets';
import { noMigrationsInStartup } from './noMigrationsInStartup';
import { noPublishedDbPorts } from './noPublishedDbPorts';
import { ollamaConcurrencyEnv } from './ollamaConcurrencyEnv';
import { ollamaGpuReservation } from './ollamaGpuReservation';
import { ollamaModelVolume } from './ollamaModelVolume';
import { portHostIpRequired } from './portHostIpRequired';
import { portNoWildcardBind } from './portNoWildcardBind';
import { portsQuoted } from './portsQuoted';
import { requiredEnvFailFast } from './requiredEnvFailFast';
import { serviceNetworks } from './serviceNetworks';
import { serviceUnreachable } from './serviceUnreachable';

export const stackRules: Rule<ComposeContext>[] = [
  // network and ports
  portHostIpRequired,
  portNoWildcardBind,
  noPublishedDbPorts,
  serviceNetworks,
  serviceUnreachable,
  noDuplicateExportedPorts,
  portsQuoted,
  // images
  imageExplicitTag,
  imageTagFromEnvDefault,
  // health, order, startup
  healthcheckRequired,
  healthcheckLoopbackIp,
  dependsOnHealthy,
  dependsOnUnhealthyTarget,
  noMigrationsInStartup,
  // secrets and environment
  noHardcodedSecrets,
  requiredEnvFailFast,
  // data
  dbNamedVolume,
  // GPU and Ollama
  gpuReservationShape,
  ollamaGpuReservation,
  ollamaModelVolume,
  ollamaConcurrencyEnv,
];
