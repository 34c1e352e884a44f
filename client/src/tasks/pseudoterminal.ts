/**
 * Runs one task action in a pseudoterminal: coloured output, Ctrl+C (or closing the terminal)
 * cancels the compose child and reports it, and the exit code becomes the task result.
 */
import * as vscode from 'vscode';
import { runAction } from '../../../runtime/src';
import type { TaskOptions } from '../../../runtime/src';
import type { TaskAction } from '../../../runtime/src';
import { createTextReporter, EXIT } from '../../../runtime/src';

const UNTRUSTED =
  'AI Stack tasks run Docker Compose commands (migrations, containers, deploys) defined by this workspace,\r\n' +
  'so they only run in a trusted workspace. Trust the folder (Workspaces: Manage Workspace Trust) and run the task again.\r\n';

export class ActionTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly abort = new AbortController();
  private running = false;

  constructor(
    private readonly action: TaskAction,
    private readonly options: TaskOptions | { error: string },
  ) {}

  open(): void {
    if (!vscode.workspace.isTrusted) {
      this.writeEmitter.fire(`\x1b[33m${UNTRUSTED}\x1b[0m`);
      this.closeEmitter.fire(EXIT.usage);
      return;
    }
    if ('error' in this.options) {
      this.writeEmitter.fire(`\x1b[31m${this.options.error}\x1b[0m\r\n`);
      this.closeEmitter.fire(EXIT.usage);
      return;
    }
    void this.run(this.options);
  }

  private async run(options: TaskOptions): Promise<void> {
    this.running = true;
    const reporter = createTextReporter((t) => this.writeEmitter.fire(t), { color: true, eol: '\r\n' });
    const code = await runAction(this.action, options, reporter, this.abort.signal);
    this.running = false;
    this.closeEmitter.fire(code);
  }

  handleInput(data: string): void {
    if (data === '\x03' && this.running && !this.abort.signal.aborted) {
      this.writeEmitter.fire('^C\r\n\x1b[33mCancelling: stopping the compose process…\x1b[0m\r\n');
      this.abort.abort();
    }
  }

  close(): void {
    // The user closed the terminal or VS Code terminated the task: stop the child too.
    this.abort.abort();
  }
}
