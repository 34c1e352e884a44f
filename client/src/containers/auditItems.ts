// Tree items of the runtime audit (the compose rules run on a container's effective configuration):
// a "Findings" row under the container and one row per finding, each linking to its rule's docs.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { AuditFinding } from '../../../runtime/src';

/** docs/rules.md as shipped in the extension (dist/ is beside docs/), the same anchors as the diagnostics. */
const RULES_DOC = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules.md')).toString();

const ICON: Record<AuditFinding['severity'], [string, string]> = {
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'editorInfo.foreground'],
  hint: ['lightbulb', 'editorHint.foreground'],
};

export function findingsItem(key: string, findings: readonly AuditFinding[]): vscode.TreeItem {
  const t = new vscode.TreeItem('Findings', vscode.TreeItemCollapsibleState.Expanded);
  t.id = key;
  t.description = String(findings.length);
  const worst = findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
  t.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor(ICON[worst][1]));
  t.tooltip = `The compose rules run on this container's effective configuration (docker inspect): ${findings.map((f) => f.ruleId).join(', ')}`;
  t.contextValue = 'hardening';
  return t;
}

export function findingItem(key: string, f: AuditFinding, fromCompose: boolean): vscode.TreeItem {
  // The rule's title keeps the row short; the message (what this container does) is in the tooltip.
  const t = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
  t.id = key;
  t.description = f.ruleId;
  const [icon, color] = ICON[f.severity];
  t.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  const md = new vscode.MarkdownString(`**${f.title}** (${f.severity})\n\n${f.message}\n\n[${f.ruleId}](${RULES_DOC}#${f.ruleId})`);
  md.isTrusted = false;
  md.supportHtml = false;
  t.tooltip = md;
  t.contextValue = fromCompose ? 'finding-compose' : 'finding';
  return t;
}
