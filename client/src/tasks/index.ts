/** Registers the `ai-stack` task type (migrate, smoke, wait-healthy, deploy). */
import * as vscode from 'vscode';
import { TASK_TYPE } from '../../../runtime/src';
import { AiStackTaskProvider } from './provider';

export function registerTasks(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.tasks.registerTaskProvider(TASK_TYPE, new AiStackTaskProvider()));
}
