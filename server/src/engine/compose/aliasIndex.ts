/**
 * Resolve every alias of a document once. `yaml` finds an alias's anchor by walking the whole
 * document (Alias.resolve without a cache, and a fresh walk for every toJS() call), which makes
 * files with many `<<: *defaults` quadratic: the same trap yaml-language-server falls into at
 * 1000 services. One walk here records each alias's target; the alias then answers from it.
 */
import { Alias, Document, isAlias, isNode, Node, visit } from 'yaml';

type ResolveContext = { aliasResolveCache?: Node[] } | undefined;
const originalResolve = Alias.prototype.resolve;

export function pinAliases(doc: Document.Parsed): void {
  const latest = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) pin(node, latest.get(node.source));
      else if (isNode(node) && node.anchor) latest.set(node.anchor, node);
    },
  });
}

function pin(alias: Alias, target: Node | undefined): void {
  // Same answer as yaml's own search (the last anchor of that name before the alias), without the search.
  // With a toJS context, yaml's bookkeeping (alias counts against billion-laughs) still runs:
  // it looks the target up in ctx.aliasResolveCache, so hand it a two-entry list.
  const pinned = target ? [target, alias] : [alias];
  Object.defineProperty(alias, 'resolve', {
    configurable: true,
    value(this: Alias, doc: Document, ctx?: ResolveContext) {
      if (!ctx) return target;
      const saved = ctx.aliasResolveCache;
      ctx.aliasResolveCache = pinned;
      try {
        return originalResolve.call(this, doc, ctx as Parameters<typeof originalResolve>[1]);
      } finally {
        ctx.aliasResolveCache = saved;
      }
    },
  });
}
