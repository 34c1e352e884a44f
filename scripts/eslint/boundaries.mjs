// Import boundaries between the layers, as an ESLint rule so the editor shows a violation where it is
// written. The engine is the bottom layer: it imports nothing of the server, the runtime or the client.
// The client reaches the runtime only through its public entry (runtime/src/index.ts), so runtime
// internals can move without touching the client.
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ENGINE = path.join(ROOT, 'server/src/engine');
const RUNTIME = path.join(ROOT, 'runtime/src');
const CLIENT = path.join(ROOT, 'client/src');
const SERVER = path.join(ROOT, 'server/src');
const RUNTIME_ENTRY = path.join(RUNTIME, 'index');
const LSP = path.join(SERVER, 'lsp');
const ANALYZE = path.join(ENGINE, 'analyze');
const ENGINE_ENTRY = path.join(ENGINE, 'index.ts');
const CLI = path.join(SERVER, 'cli');

const inside = (file, dir) => file === dir || file.startsWith(dir + path.sep);

/** The reason an import from `file` to `target` crosses a boundary, or undefined when it may. */
export function boundaryViolation(file, target) {
  if (inside(file, ENGINE) && !inside(target, ENGINE)) {
    return 'the engine imports nothing outside server/src/engine (it knows nothing of LSP, VS Code, the CLI or Docker)';
  }
  if (inside(file, ENGINE) && !inside(file, ANALYZE) && file !== ENGINE_ENTRY && inside(target, ANALYZE)) {
    return 'engine/analyze drives the rules: the model, the rules and their helpers never import it';
  }
  const module = target.replace(/\.ts$/, '');
  if (inside(file, CLIENT) && inside(target, RUNTIME) && module !== RUNTIME && module !== RUNTIME_ENTRY) {
    return 'the client reaches the runtime only through runtime/src/index.ts';
  }
  if (inside(file, RUNTIME) && (inside(target, CLIENT) || (inside(target, SERVER) && !inside(target, ENGINE)))) {
    return 'the runtime may use the engine, never the client, the language server or the CLI';
  }
  if ((inside(file, LSP) && inside(target, CLI)) || (inside(file, CLI) && inside(target, LSP))) {
    return 'the language server and the CLI are two hosts of the engine: what both need lives in the engine or server/src/host';
  }
  if (inside(file, SERVER) && inside(target, CLIENT)) {
    return 'the server and the CLI never import the VS Code client';
  }
  return undefined;
}

const rule = {
  meta: { type: 'problem', docs: { description: 'Keep the layers apart (engine, runtime, server, client).' }, schema: [] },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const why = boundaryViolation(file, target);
      if (why) context.report({ node, message: `Import of '${source}' crosses a layer boundary: ${why}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { 'layer-boundaries': rule } };
