import type { DockerfileContext } from '../../dockerfile/context';
import { finalStage } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, finalInstructions, insertRuntimeLine } from './util';

export const healthcheck: Rule<DockerfileContext> = {
  id: 'dockerfile-healthcheck',
  kind: 'dockerfile',
  title: 'Declare a HEALTHCHECK',
  rationale:
    'Without a health check Docker only knows whether the process runs, not whether it answers. `depends_on: condition: service_healthy`, restarts and the container view all need a real probe. (`HEALTHCHECK NONE` states explicitly that there is none.)',
  defaultSeverity: 'info',
  fixDescription: 'Inserts `HEALTHCHECK … CMD wget -qO- http://127.0.0.1:<port>/health || exit 1` (port from EXPOSE).',
  *check(ctx) {
    const stage = finalStage(ctx);
    if (!stage) return;
    if (finalInstructions(ctx).some((i) => i.keyword === 'HEALTHCHECK')) return;
    yield at(ctx, stage.from.keywordRange, 'The final image has no HEALTHCHECK, so Docker cannot tell whether the app answers. Add one that probes 127.0.0.1.');
  },
  fix(ctx) {
    const expose = finalInstructions(ctx).filter((i) => i.keyword === 'EXPOSE').pop();
    const port = expose?.body.text.match(/\d+/)?.[0] ?? '8080';
    const edit = insertRuntimeLine(ctx, `HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD wget -qO- http://127.0.0.1:${port}/health || exit 1`);
    // The probe path and wget's presence in the image need a human's confirmation.
    return edit && { title: 'Add a HEALTHCHECK probing 127.0.0.1', edits: [edit], safe: false };
  },
};
