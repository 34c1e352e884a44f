// The swarm code that needs no cluster: argument parsing, the CLI routing, when a service counts as
// converged or rolled back, task health, node-change messages. (The cluster suite exercises the same
// code against real engine answers.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSwarmDeployArgs } from '../../server/src/cli/swarmDeploy';
import { nodeChanges, rollbackCauses, serviceOutcome } from '../../runtime/src/swarm/converge';
import { buildSnapshot, taskHealth, type SwarmService } from '../../runtime/src/swarm/snapshot';
import { serviceStatus } from '../../runtime/src/swarm/treeModel';
import { changesTheView, settlingServices } from '../../runtime/src/swarm/model';
import type { SwarmSnapshot } from '../../runtime/src/swarm/snapshot';
import { wantsSwarmTarget } from '../../server/src/cli/taskCommands';

test('deploy --target swarm: arguments, and only --target swarm goes to the swarm deployer', () => {
  assert.equal(wantsSwarmTarget(['-f', 'c.yaml', '--target', 'swarm']), true);
  assert.equal(wantsSwarmTarget(['--target=swarm']), true);
  assert.equal(wantsSwarmTarget(['--target', 'compose']), false);
  assert.equal(wantsSwarmTarget(['--service', 'swarm']), false);
  const ok = parseSwarmDeployArgs(['--target', 'swarm', '-f', 'a.yaml', '-f', 'b.yaml', '--stack', 'demo', '--canary', '2', '--service', 'web', '--timeout=60', '--no-color']);
  assert.ok('ok' in ok && ok.ok);
  assert.deepEqual(ok.options, { files: ['a.yaml', 'b.yaml'], stack: 'demo', canary: 2, canaryServices: ['web'], timeout: 60 });
  assert.equal(ok.color, false);
  const bad = (args: string[]) => {
    const r = parseSwarmDeployArgs(args);
    assert.ok('ok' in r && !r.ok, JSON.stringify(args));
    return r.message;
  };
  assert.match(bad(['--canary', '0']), /whole number > 0/);
  assert.match(bad(['--canary', '1.5']), /whole number > 0/);
  assert.match(bad(['--stack', '../x']), /stack name/);
  assert.match(bad(['--target', 'kubernetes']), /must be swarm/);
  assert.match(bad(['--service', 'web']), /only selects services for --canary/);
  assert.match(bad(['--strategy', 'rolling']), /unknown option/);
  assert.deepEqual(parseSwarmDeployArgs(['-h']), { help: true });
});

const NOW = Date.parse('2026-11-30T08:00:00Z');
function service(over: Partial<SwarmService> & { taskStates?: Array<[string, string, string?]> }): SwarmService {
  const { taskStates = [], ...rest } = over;
  return {
    id: 's1', name: 'demo_web', composeName: 'web', stack: 'demo', mode: 'replicated', desiredReplicas: 2, running: 0, image: 'app:v2', hasHealthcheck: true,
    update: { state: 'none' }, version: 10,
    tasks: taskStates.map(([state, image, error], i) => ({
      id: `t${i}`.padEnd(25, '0'), serviceId: 's1', slot: i + 1, node: `n${i}`, desiredState: state === 'failed' ? 'shutdown' : 'running', state, message: state, error,
      health: 'unknown' as const, image, ports: [], timestamp: new Date(NOW + 5000).toISOString(),
    })),
    ...rest,
  };
}

test('converged only when every desired task runs the new image and no update is in progress; an older rollback does not count', () => {
  assert.equal(serviceOutcome(service({ taskStates: [['running', 'app:v2'], ['running', 'app:v2']] }), NOW).kind, 'converged');
  // Right after `docker stack deploy` the update has not begun: old tasks, last update's status.
  const stale = service({ update: { state: 'completed', startedAt: new Date(NOW - 60_000).toISOString() }, taskStates: [['running', 'app:v1'], ['running', 'app:v1']] });
  assert.equal(serviceOutcome(stale, NOW).kind, 'converging');
  assert.equal(serviceOutcome(service({ taskStates: [['running', 'app:v2'], ['starting', 'app:v2']] }), NOW).kind, 'converging');
  const oldRollback = service({ update: { state: 'rollback_completed', startedAt: new Date(NOW - 60_000).toISOString(), message: 'rolled back' }, taskStates: [['running', 'app:v2'], ['running', 'app:v2']] });
  assert.equal(serviceOutcome(oldRollback, NOW).kind, 'converged');
  const rolled = service({
    update: { state: 'rollback_completed', startedAt: new Date(NOW + 1000).toISOString(), message: `update rolled back due to failure or early termination of task ${'t2'.padEnd(25, '0')}` },
    taskStates: [['running', 'app:v1'], ['running', 'app:v1'], ['failed', 'app:v2', 'task: non-zero exit (143): dockerexec: unhealthy container']],
  });
  assert.deepEqual(serviceOutcome(rolled, NOW), { kind: 'rolled-back', reason: rolled.update.message });
  assert.deepEqual(rollbackCauses(rolled, NOW), ['task t20000000000 on n2 (app:v2): task: non-zero exit (143): dockerexec: unhealthy container']);
  assert.equal(serviceStatus(rolled), 'rolled-back');
  assert.equal(serviceOutcome(service({ update: { state: 'paused', startedAt: new Date(NOW).toISOString(), message: 'update paused' } }), NOW).kind, 'paused');
});

test('task health from the task: running means the healthcheck passed; unhealthy from the error; none without a healthcheck', () => {
  assert.equal(taskHealth('running', undefined, true), 'healthy');
  assert.equal(taskHealth('starting', undefined, true), 'starting');
  assert.equal(taskHealth('failed', 'task: non-zero exit (143): dockerexec: unhealthy container', true), 'unhealthy');
  assert.equal(taskHealth('running', undefined, false), 'none');
  assert.equal(taskHealth('running', undefined, undefined), 'unknown');
});

test('node changes: down, back, joined, left', () => {
  const node = (id: string, state: string) => ({ ID: id, Description: { Hostname: `h-${id}` }, Spec: { Role: 'worker' }, Status: { State: state } });
  const a = buildSnapshot('active', [node('1', 'ready'), node('2', 'ready')], [], []);
  const b = buildSnapshot('active', [node('1', 'ready'), node('2', 'down'), node('3', 'ready')], [], []);
  assert.deepEqual(nodeChanges(a, b), ['node h-2 is down: Swarm reschedules its replicated tasks on the other nodes', 'node h-3 joined (ready)']);
  const c = buildSnapshot('active', [node('1', 'ready'), node('2', 'ready')], [], []);
  assert.deepEqual(nodeChanges(b, c), ['node h-2 is ready (was down)', 'node h-3 left the swarm']);
});

test('the swarm view re-reads periodically only for settling services; a paused update or a converged stack is not', () => {
  const snapshot = (...services: SwarmService[]): SwarmSnapshot => ({ isManager: true, localNodeState: 'active', nodes: [], stacks: [{ name: 'demo', services }], looseServices: [], takenAt: NOW });
  const names = (s: SwarmSnapshot) => settlingServices(s).map((x) => x.composeName);
  assert.deepEqual(names(snapshot(service({ running: 2, taskStates: [['running', 'app:v2'], ['running', 'app:v2']] }))), []);
  assert.deepEqual(names(snapshot(service({ composeName: 'up', update: { state: 'updating' }, taskStates: [['running', 'app:v2'], ['running', 'app:v2']] }))), ['up']);
  assert.deepEqual(names(snapshot(service({ composeName: 'back', update: { state: 'rollback_started' }, taskStates: [['running', 'app:v2'], ['running', 'app:v2']] }))), ['back']);
  assert.deepEqual(names(snapshot(service({ composeName: 'new', taskStates: [['running', 'app:v2'], ['starting', 'app:v2']] }))), ['new']);
  assert.deepEqual(names(snapshot(service({ composeName: 'short', taskStates: [['running', 'app:v2']] }))), ['short']);
  // Paused: nothing moves until a person acts; an older completed rollback with tasks in place is done.
  assert.deepEqual(names(snapshot(service({ update: { state: 'paused' }, taskStates: [['running', 'app:v2']] }))), []);
  assert.deepEqual(names(snapshot(service({ update: { state: 'rollback_completed' }, taskStates: [['running', 'app:v2'], ['running', 'app:v2']] }))), []);
});

test('engine events the swarm view follows: services, nodes, a container\'s life and health; not healthcheck exec runs', () => {
  const line = (Type: string, Action: string) => JSON.stringify({ Type, Action });
  for (const [type, action] of [['service', 'update'], ['node', 'update'], ['container', 'start'], ['container', 'die'], ['container', 'health_status: unhealthy'], ['container', 'destroy']]) {
    assert.equal(changesTheView(line(type, action)), true, `${type} ${action}`);
  }
  for (const action of ['exec_create: wget -q -O /dev/null http://127.0.0.1:8080/health', 'exec_start: true', 'exec_die', 'attach', 'resize']) {
    assert.equal(changesTheView(line('container', action)), false, action);
  }
  assert.equal(changesTheView(''), false);
  assert.equal(changesTheView('{not json'), true, 'an event not understood is followed rather than missed');
});
