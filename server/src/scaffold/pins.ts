/**
 * Pinned images and tool versions used by the generators. Shipped with the extension because
 * neither this machine nor many users' build hosts can ask a registry; users override entries with
 * the setting `aiStack.scaffold.baseImages` (keys: node, node<major>, python, ollama, vllm, tgi).
 */
export const NODE_IMAGES: Record<number, string> = {
  18: 'node:18.20.5-alpine3.21',
  20: 'node:20.18.1-alpine3.21',
  22: 'node:22.12.0-alpine3.21',
};
export const DEFAULT_NODE_MAJOR = 22;
export const PYTHON_IMAGE = 'python:3.12.8-slim';
export const OLLAMA_IMAGE = 'ollama/ollama:0.5.7';
export const VLLM_IMAGE = 'vllm/vllm-openai:v0.7.3';
export const TGI_IMAGE = 'ghcr.io/huggingface/text-generation-inference:3.1.0';

/** Python tools installed inside the image when the project does not pin them itself. */
export const PYTHON_TOOLS = {
  gunicorn: '23.0.0',
  uvicorn: '0.34.0',
  uv: '0.5.11',
  poetry: '1.8.5',
};

export type ImageOverrides = Record<string, string | undefined>;

/** The node image for a major version: override `node<major>`, then `node`, then the table (nearest major). */
export function nodeImage(major: number | undefined, overrides: ImageOverrides = {}): string {
  const m = major ?? DEFAULT_NODE_MAJOR;
  const override = overrides[`node${m}`] ?? overrides.node;
  if (override) return override;
  if (NODE_IMAGES[m]) return NODE_IMAGES[m];
  const known = Object.keys(NODE_IMAGES).map(Number).sort((a, b) => a - b);
  return NODE_IMAGES[known.filter((k) => k <= m).pop() ?? known[0]];
}

export function pythonImage(overrides: ImageOverrides = {}): string {
  return overrides.python ?? PYTHON_IMAGE;
}

export function ollamaImage(overrides: ImageOverrides = {}): string {
  return overrides.ollama ?? OLLAMA_IMAGE;
}

export function vllmImage(overrides: ImageOverrides = {}): string {
  return overrides.vllm ?? VLLM_IMAGE;
}

export function tgiImage(overrides: ImageOverrides = {}): string {
  return overrides.tgi ?? TGI_IMAGE;
}
