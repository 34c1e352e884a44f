/**
 * The `swarm` target (issue 14): rules for files deployed with `docker stack deploy`, and the
 * compose rules that do not apply there (they ask for keys Swarm ignores or refuses; a swarm rule
 * says what to write instead).
 */
import type { ComposeContext } from '../../../compose/context';
import type { Rule, Target } from '../../../rule';
import { swarmBuildNeedsImage } from './buildNeedsImage';
import { swarmContainerNameIgnored } from './containerNameIgnored';
import { swarmDependsOnConditions } from './dependsOnConditions';
import { swarmDevicesIgnored } from './devicesIgnored';
import { swarmDnsrrIngressPort } from './dnsrrIngressPort';
import { swarmGpuDeviceReservation } from './gpuDeviceReservation';
import { swarmGpuPlacement } from './gpuPlacement';
import { swarmHealthcheckReplicated } from './healthcheckReplicated';
import { swarmKeyIgnored } from './keyIgnored';
import { swarmKeyRejected } from './keyRejected';
import { swarmPortHostIp } from './portHostIp';
import { swarmPrivilegedIgnored } from './privilegedIgnored';
import { swarmReplicasServed } from './replicasServed';
import { swarmRestartIgnored } from './restartIgnored';
import { swarmRollbackConfig } from './rollbackConfig';
import { swarmSecretsNotEnv } from './secretsNotEnv';
import { swarmSecurityOptIgnored } from './securityOptIgnored';
import { swarmStatefulPlacement } from './statefulPlacement';
import { swarmUpdateConfig } from './updateConfig';
import { swarmUsernsModeIgnored } from './usernsModeIgnored';

export const swarmRules: Rule<ComposeContext>[] = [
  swarmSecurityOptIgnored,
  swarmPrivilegedIgnored,
  swarmDevicesIgnored,
  swarmUsernsModeIgnored,
  swarmContainerNameIgnored,
  swarmBuildNeedsImage,
  swarmRestartIgnored,
  swarmDependsOnConditions,
  swarmPortHostIp,
  swarmDnsrrIngressPort,
  swarmGpuDeviceReservation,
  swarmKeyRejected,
  swarmKeyIgnored,
  swarmUpdateConfig,
  swarmRollbackConfig,
  swarmReplicasServed,
  swarmHealthcheckReplicated,
  swarmStatefulPlacement,
  swarmGpuPlacement,
  swarmSecretsNotEnv,
];

/** Compose rules silenced for `swarm`, and the swarm rule that covers the same ground there. */
export const COMPOSE_ONLY_RULES: Record<string, string> = {
  'restart-policy': 'swarm-restart-ignored (Swarm restarts tasks by default: condition any)',
  'no-new-privileges': 'swarm-security-opt-ignored',
  'seccomp-not-unconfined': 'swarm-security-opt-ignored',
  'apparmor-not-unconfined': 'swarm-security-opt-ignored',
  'no-privileged': 'swarm-privileged-ignored',
  'port-host-ip-required': 'swarm-port-host-ip (a swarm port cannot be bound to one address)',
  'port-no-wildcard-bind': 'swarm-port-host-ip',
  'depends-on-healthy': 'swarm-depends-on-conditions (the long form is refused)',
  'depends-on-unhealthy-target': 'swarm-depends-on-conditions',
  'container-name-valid': 'swarm-container-name-ignored',
  'container-name-blocks-update': 'swarm-container-name-ignored',
  'no-duplicate-container-names': 'swarm-container-name-ignored',
  'gpu-reservation-shape': 'swarm-gpu-device-reservation (device reservations are refused)',
  'ollama-gpu-reservation': 'swarm-gpu-device-reservation and swarm-gpu-placement',
  'model-server-shm-size': 'swarm-key-ignored (shm_size is ignored: mount a tmpfs at /dev/shm)',
  'healthcheck-required': 'swarm-healthcheck-replicated (same probes and fix, with what Swarm does without one)',
  'fixed-host-port-behind-proxy': 'swarm-update-config (Swarm schedules the second task; ai-stack deploy --strategy is for compose)',
};

/**
 * The registry's rules with their targets: compose-only rules get `targets: ['compose']` (a copy:
 * the rule modules stay target-agnostic), every other rule keeps its own (none: every target).
 */
export function withTargets(rules: Rule<ComposeContext>[]): Rule<ComposeContext>[] {
  const composeOnly: readonly Target[] = ['compose'];
  return rules.map((r) => (r.id in COMPOSE_ONLY_RULES && !r.targets ? { ...r, targets: composeOnly } : r));
}
