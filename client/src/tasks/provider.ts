/** TaskProvider for `ai-stack` tasks: detected per compose project, resolved from tasks.json definitions. */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ComposeCommandSetting } from '../../../runtime/src';
import { optionsFromDefinition, TaskOptions } from '../../../runtime/src';
import { parseTaskDefinition, TASK_ACTIONS, TASK_TYPE, TaskAction, TaskDefinition } from '../../../runtime/src';
import { discoverProjects } from '../../../runtime/src';
import { ActionTerminal } from './pseudoterminal';

const COMPOSE_GLOB = '**/{compose*.y*ml,docker-compose*.y*ml,*.compose.y*ml}';
const DESCRIPTIONS: Record<TaskAction, string> = {
  migrate: 'run the migration as a one-off container',
  smoke: 'GET /health, /ready (and /docs) on the published ports',
  'wait-healthy': 'wait until every service with a healthcheck is healthy',
  deploy: 'pull → migrate → up -d → wait-healthy → smoke',
};

export class AiStackTaskProvider implements vscode.TaskProvider {
  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, COMPOSE_GLOB), '**/node_modules/**', 200, token);
      const rel = uris.map((u) => path.relative(folder.uri.fsPath, u.fsPath).split(path.sep).join('/'));
      const explicit = vscode.workspace.getConfiguration('aiStack', folder.uri).get<string[][]>('composeFiles', []);
      for (const project of discoverProjects(rel, Array.isArray(explicit) ? explicit : [])) {
        for (const action of TASK_ACTIONS) {
          const definition: TaskDefinition & { type: string } = { type: TASK_TYPE, action, ...(project.files ? { files: project.files } : { projectDirectory: project.projectDirectory }) };
          const task = buildTask(folder, definition, project.label === '.' ? `${action}` : `${action} (${project.label})`);
          task.detail = DESCRIPTIONS[action];
          tasks.push(task);
          if (action === 'deploy') {
            for (const strategy of ['rolling', 'blue-green'] as const) {
              const variant = buildTask(folder, { ...definition, strategy }, project.label === '.' ? `deploy ${strategy}` : `deploy ${strategy} (${project.label})`);
              variant.detail = `without downtime behind nginx: ${strategy === 'rolling' ? 'new container beside the old' : 'idle colour project'}, verify, switch, drain`;
              tasks.push(variant);
            }
          }
        }
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    // The definition must stay the same object VS Code gave us, or tasks.json customisations do not match.
    return buildTask(folder, task.definition as TaskDefinition & { type: string }, task.name, task.definition);
  }
}

function buildTask(folder: vscode.WorkspaceFolder, raw: TaskDefinition & { type: string }, name: string, definition: vscode.TaskDefinition = raw): vscode.Task {
  const parsed = parseTaskDefinition(raw);
  const action: TaskAction = parsed.ok ? parsed.value.action : (TASK_ACTIONS as readonly string[]).includes(raw.action) ? raw.action : 'smoke';
  const execution = new vscode.CustomExecution(async () => new ActionTerminal(action, parsed.ok ? optionsFor(folder, parsed.value) : { error: parsed.message }));
  const matchers = action === 'smoke' || action === 'deploy' ? ['$ai-stack-smoke'] : [];
  const task = new vscode.Task(definition, folder, name, 'ai-stack', execution, matchers);
  task.group = action === 'deploy' ? undefined : vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  return task;
}

/** Options with paths resolved against the workspace folder and the user's compose/docker settings. */
function optionsFor(folder: vscode.WorkspaceFolder, def: TaskDefinition): TaskOptions {
  const config = vscode.workspace.getConfiguration('aiStack', folder.uri);
  const root = folder.uri.fsPath;
  return optionsFromDefinition(def, {
    cwd: root,
    displayRoot: root,
    composeCommand: config.get<ComposeCommandSetting>('compose.command', 'auto'),
    dockerHost: config.get<string>('docker.host', '') || undefined,
  });
}
