/** Hover: the rules of the findings under the cursor, then the project's effective values and origins. */
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt } from '../engine/language';
import type { ServerContext } from './context';
import { ruleMeta } from './convert';
import { projectOf } from './navigation';
import { URI } from './uri';

export function hover(ctx: ServerContext, doc: TextDocument, offset: number): Hover | undefined {
  const parts: string[] = [];
  const analysis = ctx.analysisFor(doc);
  const filePath = URI.toPath(doc.uri);
  for (const f of analysis?.findings ?? []) {
    if (f.file !== filePath || offset < f.range.start || offset > f.range.end) continue;
    const rule = ruleMeta(f.ruleId);
    const link = ctx.docsUri ? ` · [docs](${ctx.docsUri}#${f.ruleId})` : '';
    parts.push(`**${f.ruleId}** (${f.severity}): ${rule?.title ?? f.message}\n\n${rule?.rationale ?? ''}${link}`);
  }
  try {
    if (ctx.kindOf(doc) === 'compose') {
      const md = hoverAt(projectOf(ctx, filePath), filePath, offset);
      if (md) parts.push(md);
    }
  } catch (e) {
    ctx.connection.console.error(`ai-stack: hover failed: ${(e as Error).message}`);
  }
  return parts.length ? { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } } : undefined;
}
