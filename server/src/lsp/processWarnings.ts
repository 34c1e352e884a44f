/**
 * Node prints process warnings with console.error, which vscode-languageserver sends to the editor as
 * errors. The yaml library warns through process.emitWarning when a plain value is made of a mapping
 * whose key is itself a collection ("Keys with collection values will be stringified…"): that is a
 * property of the user's file, not a server error, and the warning quotes the key (which may hold a
 * value that must not reach a log). The engine asks yaml not to warn; this is the server's safety net:
 * such warnings are logged once, at log level, without their text. Other warnings pass through.
 */
const YAML_COLLECTION_KEY = /^Keys with collection values will be stringified/;

export function quietYamlWarnings(log: (message: string) => void): () => void {
  const original = process.emitWarning;
  let told = false;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const message = typeof warning === 'string' ? warning : warning?.message;
    if (typeof message === 'string' && YAML_COLLECTION_KEY.test(message)) {
      if (!told) {
        told = true;
        log('ai-stack: a YAML mapping uses a mapping or list as a key; its value is read with the key as a string (noted once).');
      }
      return;
    }
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  return () => {
    if (process.emitWarning === filtered) process.emitWarning = original;
  };
}
