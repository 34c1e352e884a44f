/**
 * Resolve every alias of a document once. `yaml` finds an alias's anchor by walking the whole
 * document (Alias.resolve without a cache, and a fresh walk for every toJS() call), which makes
 * files with many `<<: *defaults` quadratic: the same trap yaml-language-server falls into at
 * 1000 services. One walk here records each alias's target; the alias then answers from it.
 */
import { Alias, Document, isAlias, isNode, Node, visit } from 'yaml';

type ResolveContext = { aliasResolveCache?: Node[] } | undefined;
const originalResolve = Alias.prototype.resolve;

/** Anchored nodes by name, in document order (a name may be anchored again further down). */
export type AnchorIndex = Map<string, Node[]>;

export function pinAliases(doc: Document.Parsed): AnchorIndex {
  const anchors: AnchorIndex = new Map();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) pin(node, anchors.get(node.source)?.at(-1));
      else if (isNode(node) && node.anchor) anchors.get(node.anchor)?.push(node) ?? anchors.set(node.anchor, [node]);
    },
  });
  return anchors;
}

/** Pins the aliases under `root` (which defines no anchor) to the last anchor of their name before them. */
export function pinAliasesUnder(root: Node, anchors: AnchorIndex): void {
  visit(root, {
    Alias: (_key, alias) => {
      const at = alias.range?.[0] ?? 0;
      const before = (anchors.get(alias.source) ?? []).filter((n) => (n.range?.[0] ?? 0) < at);
      pin(alias, before.at(-1));
    },
  });
}

export function pin(alias: Alias, target: Node | undefined): void {
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
