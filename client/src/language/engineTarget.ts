/**
 * `aiStack.swarm.detectFromEngine`: when the Docker engine the extension connects to is a swarm
 * manager, the language server takes that as the last evidence for the swarm target (after
 * `.ai-stack.json` and the workspace's `docker stack deploy` scripts). Asked only when the user opted
 * in and the workspace is trusted: talking to the engine is not something a folder may make us do.
 */
import * as vscode from 'vscode';
import { createDocker, isSwarmManager, resolveEngine } from '../../../runtime/src';

export class EngineTarget {
  private manager = false;

  /** `changed` runs when the answer flips, so the server pulls its settings again. */
  constructor(private readonly changed: () => void) {}

  async probe(): Promise<void> {
    const config = vscode.workspace.getConfiguration('aiStack');
    let manager = false;
    if (vscode.workspace.isTrusted && config.get<boolean>('swarm.detectFromEngine', false)) {
      try {
        manager = await isSwarmManager(createDocker(resolveEngine({ setting: config.get<string>('docker.host', '') })));
      } catch {
        manager = false; // no engine reachable: no evidence either way
      }
    }
    if (manager === this.manager) return;
    this.manager = manager;
    this.changed();
  }

  /** The `aiStack` settings the server receives, with the engine's answer added. */
  withEngine(settings: unknown): unknown {
    if (!this.manager || !settings || typeof settings !== 'object') return settings;
    const s = settings as { swarm?: Record<string, unknown> };
    return { ...s, swarm: { ...s.swarm, engineIsManager: true } };
  }
}
