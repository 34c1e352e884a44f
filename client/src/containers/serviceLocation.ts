// Where a compose service (and optionally one of its keys) is in a compose file's text, for
// "go to compose service". Pure: takes the text, returns offsets.
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';

export interface TextSpan {
  offset: number;
  length: number;
}

/** The service's key under `services:`, or the given key inside it when present. */
export function findServiceKey(text: string, service: string, key?: string): TextSpan | undefined {
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const services = findPair(doc.contents, 'services');
  const servicePair = services && isMap(services.value) ? findPair(services.value, service) : undefined;
  if (!servicePair) return undefined;
  if (key && isMap(servicePair.value)) {
    const inner = findPair(servicePair.value, key);
    if (inner) return span(inner);
  }
  return span(servicePair);
}

function findPair(node: unknown, name: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && String(p.key.value) === name) as Pair | undefined;
}

function span(pair: Pair): TextSpan | undefined {
  const range = isScalar(pair.key) ? pair.key.range : undefined;
  return range ? { offset: range[0], length: range[1] - range[0] } : undefined;
}
