// Actions on swarm service rows: scale, roll back, logs (merged over the service's tasks, through
// the engine API of the manager), and go to the service's definition in a compose file.
import type Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../../runtime/src';
import { rollbackService, scaleService } from '../../../runtime/src';
import { findServiceKey } from './serviceLocation';
import type { SwarmSection, SwarmTreeNode } from './swarmTree';

type ServiceNode = Extract<SwarmTreeNode, { kind: 'swarmService' }>;

export function registerSwarmCommands(swarm: SwarmSection): vscode.Disposable[] {
  const withService = (run: (docker: Docker, node: ServiceNode) => unknown) => (node?: SwarmTreeNode) => {
    const docker = swarm.docker;
    if (node?.kind !== 'swarmService' || !docker) return undefined;
    return run(docker, node);
  };
  return [
    vscode.commands.registerCommand('aiStack.swarm.scale', withService(async (docker, node) => {
      const row = swarm.service(node.name);
      const value = await vscode.window.showInputBox({
        title: `Scale ${node.name}`,
        prompt: 'Number of replicas',
        value: String(row?.desired ?? 1),
        validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number ≥ 0'),
      });
      if (value === undefined) return;
      await act(`Scaling ${node.name} to ${value}`, () => scaleService(docker, node.name, Number(value.trim())), swarm);
    })),
    vscode.commands.registerCommand('aiStack.swarm.rollback', withService(async (docker, node) => {
      const ok = await vscode.window.showWarningMessage(`Roll ${node.name} back to its previous version?`, { modal: true }, 'Roll back');
      if (ok !== 'Roll back') return;
      await act(`Rolling back ${node.name}`, () => rollbackService(docker, node.name), swarm);
    })),
    vscode.commands.registerCommand('aiStack.swarm.logs', withService((docker, node) => openServiceLogs(docker, node.name))),
    vscode.commands.registerCommand('aiStack.swarm.goToDefinition', withService((_docker, node) => goToDefinition(node))),
  ];
}

async function act(title: string, run: () => Promise<void>, swarm: SwarmSection): Promise<void> {
  try {
    await vscode.window.withProgress({ location: { viewId: 'aiStack.containers' }, title }, run);
    await swarm.refresh();
  } catch (e) {
    void vscode.window.showErrorMessage(`${title} failed: ${describeError(e)}`);
  }
}

/**
 * `docker stack deploy` records no file name, so the definition is looked up in the workspace's
 * compose files: the first that defines the service, preferring a file in a folder named after the stack.
 */
async function goToDefinition(node: ServiceNode): Promise<void> {
  const files = await vscode.workspace.findFiles('**/{compose,docker-compose,*.compose,docker-compose.*,compose.*}.{yml,yaml}', '**/node_modules/**', 200);
  const ranked = [...files].sort((a, b) => Number(path.basename(path.dirname(b.fsPath)) === node.stack) - Number(path.basename(path.dirname(a.fsPath)) === node.stack));
  for (const uri of ranked) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const span = findServiceKey(doc.getText(), node.composeName);
    if (!span) continue;
    const range = new vscode.Range(doc.positionAt(span.offset), doc.positionAt(span.offset + span.length));
    await vscode.window.showTextDocument(doc, { selection: range });
    return;
  }
  void vscode.window.showInformationMessage(`No compose file in the workspace defines the service "${node.composeName}" of stack ${node.stack ?? '(none)'}.`);
}

function openServiceLogs(docker: Docker, service: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  let stream: Readable | undefined;
  const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      docker
        .getService(service)
        .logs({ follow: true, stdout: true, stderr: true, timestamps: true, tail: 500, abortSignal: abort.signal } as Docker.ContainerLogsOptions & { follow: true })
        .then((s) => {
          stream = s as unknown as Readable;
          if (abort.signal.aborted) return void stream.destroy();
          // Service logs are multiplexed like a container's without a TTY (8-byte frame headers).
          const out = new PassThrough();
          const err = new PassThrough();
          out.on('data', (c: Buffer) => write.fire(crlf(c.toString('utf8'))));
          err.on('data', (c: Buffer) => write.fire(`\x1b[31m${crlf(c.toString('utf8'))}\x1b[0m`));
          docker.modem.demuxStream(stream, out, err);
          stream.on('end', () => write.fire(`\r\n\x1b[2m[log stream ended: ${service}]\x1b[0m\r\n`));
          stream.on('error', (e) => !abort.signal.aborted && write.fire(`\r\n[log stream failed: ${describeError(e)}]\r\n`));
        })
        .catch((e) => write.fire(`Cannot read the logs of ${service}: ${describeError(e)}\r\n`));
    },
    close: () => {
      abort.abort();
      stream?.destroy();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `logs: ${service}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}
