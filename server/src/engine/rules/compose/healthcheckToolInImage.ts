/** A healthcheck that runs curl or wget in an image that has neither: it can never pass. */
import type { ComposeContext } from '../../compose/context';
import { asStringList, imageOf } from '../../compose/facts';
import { imageFacts } from '../../shared/imageFacts';
import type { Rule } from '../../rule';
import { commandText } from '../shared/stackFacts';
import { atValue, serviceOf, servicesOf } from '../shared/util';

/** The probe tool the test runs (first word of CMD, or a word of CMD-SHELL), when it is curl or wget. */
function probeTool(test: string[]): 'curl' | 'wget' | undefined {
  const kind = test[0]?.toUpperCase();
  const text = kind === 'CMD' ? test[1] ?? '' : kind === 'CMD-SHELL' ? test.slice(1).join(' ') : typeof test === 'string' ? test : '';
  const m = (kind === 'CMD' ? text.match(/^(?:\/usr)?(?:\/bin\/)?(curl|wget)$/) : text.match(/(?:^|[\s;&|(])(?:\/usr\/bin\/|\/bin\/)?(curl|wget)\s/));
  return m?.[1] as 'curl' | 'wget' | undefined;
}

export const healthcheckToolInImage: Rule<ComposeContext> = {
  id: 'healthcheck-tool-in-image',
  kind: 'compose',
  title: 'A healthcheck uses a tool the image has',
  rationale:
    'A healthcheck runs inside the container, with the programs of its image. Several images of AI stacks ship neither curl nor wget: Ollama (https://github.com/ollama/ollama/blob/main/Dockerfile), Qdrant (https://github.com/qdrant/qdrant/blob/master/Dockerfile), Text Embeddings Inference (https://github.com/huggingface/text-embeddings-inference/blob/main/Dockerfile), MinIO, Keycloak, NATS (the image-facts table cites each). A `curl -f …` probe there fails with "not found" on every run, so the service is marked unhealthy although it works, and every `depends_on: condition: service_healthy` on it waits for ever. Use a probe that works in the image: `ollama list`, a bash `/dev/tcp` connect for Qdrant and TEI, `mc ready local` for MinIO. Images built here (`build:`) or entrypoints that install the tool are not judged.',
  defaultSeverity: 'error',
  scope: 'service',
  fixDescription: 'Replaces the test with the probe the image-facts table gives for the image (e.g. `ollama list`, bash /dev/tcp for Qdrant), where it has one.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['build'])) continue;
      const image = imageOf(svc);
      const facts = image && imageFacts(image.repository, image.tag);
      const test = svc.get(['healthcheck', 'test']);
      if (!facts?.tools || !test || svc.get(['healthcheck', 'disable'])?.js === true) continue;
      const list = typeof test.js === 'string' ? ['CMD-SHELL', test.js] : asStringList(test.js);
      const tool = probeTool(list);
      if (!tool || facts.tools[tool] !== false) continue;
      if (new RegExp(`\\b(install|add)\\b[^;&|]*\\b${tool}\\b`).test(commandText(svc))) continue; // the entrypoint installs it
      const instead = facts.probe ? ` Use ${facts.probe.what} instead.` : '';
      yield atValue(svc, test, `The healthcheck of "${svc.name}" runs ${tool}, which the ${facts.name} image does not have: it fails on every run and the service is never healthy.${instead}`, { tool });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const image = svc && imageOf(svc);
    const probe = image && imageFacts(image.repository, image.tag)?.probe;
    const test = svc?.get(['healthcheck', 'test']);
    const range = test?.node?.range;
    if (!probe || !test || test.via || !range) return undefined;
    const source = test.file.text.slice(range[0], range[1]);
    if (source.includes('#')) return undefined; // a comment inside the test would be lost: leave it to a person
    const end = range[0] + source.trimEnd().length;
    const flow = `[${probe.test.map((x) => JSON.stringify(x)).join(', ')}]`;
    return { title: `Probe with ${probe.what}`, edits: [{ file: test.file.path, range: { start: range[0], end }, newText: flow }], safe: true };
  },
};
