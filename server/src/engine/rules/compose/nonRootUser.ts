import { Scalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { insertKey, isScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { dockerfileRelated, imageRunsNonRoot, serviceImage } from '../shared/serviceImage';
import { atValue, missing, serviceOf, servicesOf } from '../shared/util';

const ROOT = /^(root|0)(:(root|0))?$/i;
const PLACEHOLDER = '1000:1000';

export const nonRootUser: Rule<ComposeContext> = {
  id: 'non-root-user',
  kind: 'compose',
  title: 'Run as a non-root user',
  rationale:
    'Root in a container is root on the host kernel: one escape bug away from the host, and able to write anywhere the container can. Many images run as root unless told otherwise; `user:` sets the uid:gid explicitly. Without `user:`, the image decides: a service that builds its image is judged by the USER of its Dockerfile (read from disk in a project: the `target:` stage or the final one, following `FROM <stage>` and resolving ARGs; an unresolved `USER ${UID}` counts as a chosen user), else by its base image; a registry image by the image-facts table (Grafana runs as 472, Prometheus as nobody, Elasticsearch, OpenSearch and Keycloak as 1000: not reported). Official images whose entrypoint starts as root only to prepare the data directory and then drops to an unprivileged user for the server (Postgres, Redis, MySQL, MongoDB… via gosu) are not reported either: the server runs unprivileged, and a `user:` there breaks the entrypoint\'s ownership fix of the data directory. When nothing is known the message says the image may switch users.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Sets `user: "1000:1000"`, a placeholder to confirm (not applied by Fix all): the uid must own the files the service writes.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['user']);
      if (ref && ROOT.test(String(ref.js).trim())) yield atValue(svc, ref, `Service "${svc.name}" runs as root (user: ${String(ref.js)}).`);
      else if (!ref) {
        const image = serviceImage(ctx.model, svc);
        if (imageRunsNonRoot(image)) continue;
        // The entrypoint drops to an unprivileged user for the server (gosu): nothing to set.
        if (image?.facts?.dropsPrivileges && !image.build?.user) continue;
        if (image?.user.known) {
          const draft = missing(svc, `Service "${svc.name}" sets no user and runs as root (${image.user.from}).`);
          const related = dockerfileRelated(image, 'user', 'the image\'s user is set here');
          yield related.length ? { ...draft, related } : draft;
        } else if (image?.build) {
          const draft = missing(svc, `Service "${svc.name}" sets no user and ${image.build.label} sets no USER: unless its base image${image.build.base ? ` ${image.build.base.raw}` : ''} switches users, it runs as root.`);
          const related = dockerfileRelated(image, 'user', 'a USER instruction in this stage also fixes it');
          yield related.length ? { ...draft, related } : draft;
        } else yield missing(svc, `Service "${svc.name}" sets no user: unless the image switches users, it runs as root.`);
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const ref = svc.get(['user']);
    const title = `Run as ${PLACEHOLDER} (placeholder: check the uid owns the service's files)`;
    if (!ref) {
      const value = new Scalar(PLACEHOLDER);
      value.type = Scalar.QUOTE_DOUBLE; // a plain 1000:1000 is a base-60 number to YAML 1.1 parsers
      return { title, edits: [insertKey(svc.file, svc.node, 'user', value)], safe: false };
    }
    if (ref.via || !isScalar(ref.node) || !ref.node.range) return undefined;
    const quote = ref.node.type === Scalar.QUOTE_SINGLE ? "'" : '"';
    const [start, end] = ref.node.range;
    return { title, edits: [{ file: ref.file.path, range: { start, end }, newText: `${quote}${PLACEHOLDER}${quote}` }], safe: false };
  },
};
