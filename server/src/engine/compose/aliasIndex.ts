/**
 * Resolve every alias of a document once. `yaml` finds an alias's anchor by walking the whole
 * document (Alias.resolve without a cache, and a fresh walk for every toJS() call), which makes
 * files with many `<<: *defaults` quadratic: the same trap yaml-language-server falls into at
 * 1000 services. One walk here records each alias's target; the alias then answers from it.
 */
import { Alias, Document, isAlias, isCollection, isNode, isPair, Node, Scalar, visit } from 'yaml';

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

/**
 * Bounds on what alias resolution may create. A 480-byte "billion laughs" (`&b [*a,*a,…]` nested a
 * few times) expands to millions of nodes once merged or converted; a real compose file's anchors
 * are tens of nodes. Counted in nodes an expansion creates: per alias, and over the whole document.
 */
export const MAX_ALIAS_EXPANSION = 10_000;
export const MAX_TOTAL_ALIAS_EXPANSION = 1_000_000;

export interface AliasProblem {
  /** The anchored node (or the alias, when its target is unknown). */
  node: Node;
  message: string;
}

/**
 * Counts the nodes every alias of the document expands to (anchored nodes counted once). An alias
 * whose expansion is over the limit, or that sits inside its own anchor (a recursive alias), is
 * pinned to an empty placeholder: every reader then sees a null value instead of the expansion.
 * One problem per anchor. Recursion follows the document's nesting, which the caller has bounded.
 */
export function limitAliases(doc: Document.Parsed, limits = { perAlias: MAX_ALIAS_EXPANSION, total: MAX_TOTAL_ALIAS_EXPANSION }): AliasProblem[] {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  const reported = new Set<Node>();
  const problems: AliasProblem[] = [];
  let total = 0;
  let totalReported = false;
  const block = (alias: Alias, target: Node | undefined, message: string | undefined) => {
    const placeholder = new Scalar(null);
    placeholder.anchor = alias.source;
    placeholder.range = alias.range ? [...alias.range] : undefined;
    pin(alias, placeholder);
    const at = target ?? alias;
    if (message === undefined || reported.has(at)) return;
    reported.add(at);
    problems.push({ node: at, message });
  };
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (!isNode(target)) return 1;
      if (open.has(target)) {
        block(node, target, `Anchor &${node.source} contains an alias to itself (*${node.source}): a recursive alias cannot be expanded; it is read as null.`);
        return 1;
      }
      const size = sizeOf(target);
      if (size > limits.perAlias) {
        block(node, target, `Alias *${node.source} expands to ${size.toLocaleString('en-US')} nodes (limit ${limits.perAlias.toLocaleString('en-US')}): aliases of this anchor are not expanded, the file is checked as if they were null.`);
        return 1;
      }
      if (total + size > limits.total) {
        // Once the budget is spent, every later alias is left unexpanded: said once, where it ran out.
        const first = !totalReported;
        totalReported = true;
        block(node, target, first ? `Alias *${node.source} makes the document's aliases expand to over ${limits.total.toLocaleString('en-US')} nodes: from here on aliases are not expanded, the file is checked as if they were null.` : undefined);
        return 1;
      }
      total += size;
      return size;
    }
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (!isNode(node)) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let n = 1;
    if (isCollection(node)) for (const item of node.items) n += sizeOf(item);
    open.delete(node);
    if (node.anchor) sizes.set(node, n);
    return n;
  };
  sizeOf(doc.contents);
  return problems;
}

/** Deepest nesting of collections in the document, without recursion (a hostile file may nest 100,000 deep). */
export function nestingDepth(doc: Document.Parsed, stopAt: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAt) return deepest;
    for (const item of node.items) stack.push([item, depth + 1]);
  }
  return deepest;
}
