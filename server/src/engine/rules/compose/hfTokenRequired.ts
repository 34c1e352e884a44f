/** A Hugging Face token passed as `${VAR}` starts the model server with an empty token when VAR is unset. */
import { isScalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { envEntries } from '../../compose/facts';
import type { Rule } from '../../rule';
import { modelId } from './modelServerStartPeriod';
import { interpolations, required, substituteInScalar } from '../shared/stackFacts';
import { serviceOf, servicesOf } from '../shared/util';

/** Variables the Hugging Face libraries read the Hub token from (huggingface_hub, TGI, TEI, vLLM, LangChain). */
export const HF_TOKEN_NAMES = /^(HF_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_HUB_TOKEN|HUGGINGFACEHUB_API_TOKEN|HF_API_TOKEN)$/;

/**
 * Hub organisations whose models are gated (the model card asks to accept a licence first, and
 * downloads need a token of an account that did: https://huggingface.co/docs/hub/models-gated).
 */
const GATED_ORGS = /^(meta-llama|google\/(gemma|codegemma|paligemma|recurrentgemma|shieldgemma)|mistralai|bigcode\/starcoder2?|CohereForAI|CohereLabs)[/-]/i;

/** The gated model the service loads, when written literally. */
export function gatedModel(svc: Parameters<typeof envEntries>[0]): string | undefined {
  const id = modelId(svc);
  return id && GATED_ORGS.test(id) ? id : undefined;
}

/** `${VAR}` / `$VAR` (no default, not required) as the whole value of a Hub token variable. */
function optionalReference(svc: Parameters<typeof envEntries>[0]) {
  const out = [];
  for (const e of envEntries(svc)) {
    if (!HF_TOKEN_NAMES.test(e.name) || e.ref.via || !isScalar(e.node) || !e.node.range) continue;
    const start = e.valueRange.start;
    const src = e.ref.file.text.slice(start, e.valueRange.end);
    const vars = interpolations(src);
    // A literal is no-hardcoded-secrets'; a literal default is required-env-fail-fast's; `${VAR:-}` is an explicit opt-out.
    if (vars.length !== 1 || vars[0].op !== '' || src.replace(/^["']|["']$/g, '') !== src.slice(vars[0].start, vars[0].end)) continue;
    out.push({ entry: e, name: vars[0].name, range: { start: start + vars[0].start, end: start + vars[0].end } });
  }
  return out;
}

export const hfTokenRequired: Rule<ComposeContext> = {
  id: 'hf-token-required',
  kind: 'compose',
  title: 'A Hugging Face token is required, not silently empty',
  rationale:
    'Gated models on the Hugging Face Hub (Llama, Gemma, many Mistral models: https://huggingface.co/docs/hub/models-gated) download only with the token of an account that accepted their licence, read from HF_TOKEN or HUGGING_FACE_HUB_TOKEN (https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables#hftoken). Written as `${HF_TOKEN}`, Compose substitutes an empty string when the variable is unset (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/): the stack starts, and the model server fails minutes later with a 401 from the Hub, restarting in a loop. `${HF_TOKEN:?HF_TOKEN must be set}` stops `docker compose up` with a clear message instead; a compose `secrets:` entry keeps it out of `docker inspect` as well. The rule reports only with evidence that the token is needed: the service loads a model of a gated organisation (`--model`, `--model-id`, `vllm serve <id>`, MODEL_ID written in the file); public models download without a token. A literal token is no-hardcoded-secrets, a literal default required-env-fail-fast; `${HF_TOKEN:-}` (an explicit empty default) is left alone.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Rewrites the reference to `${VAR:?VAR must be set}` (not applied by Fix all: an account without access still fails, and a person decides).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      // Evidence that the token is needed: the model is gated. Public models download without one.
      const gated = gatedModel(svc);
      if (!gated) continue;
      for (const ref of optionalReference(svc)) {
        yield {
          service: svc.name,
          file: ref.entry.ref.file.path,
          range: ref.range,
          data: { name: ref.name, entry: ref.entry.name },
          message: `"${svc.name}" loads the gated model ${gated}, but ${ref.entry.name} is \${${ref.name}} without :? — when ${ref.name} is unset the server starts with an empty token and the download fails with 401. Require it with \${${ref.name}:?…}.`,
        };
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc && optionalReference(svc).find((r) => r.entry.name === finding.data?.entry);
    if (!ref || !isScalar(ref.entry.node)) return undefined;
    const edit = substituteInScalar(ref.entry.ref.file, ref.entry.node, ref.range.start, ref.range.end, required(ref.name));
    return edit && { title: `Require ${ref.name} (\${${ref.name}:?…})`, edits: [edit], safe: false };
  },
};
