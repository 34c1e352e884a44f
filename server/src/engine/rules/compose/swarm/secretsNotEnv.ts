/**
 * Credentials as Swarm secrets: an environment value is part of the service spec (any manager's
 * `docker service inspect` shows it, as does `docker inspect` of every task); a secret is
 * encrypted in the raft log and mounted as a file in /run/secrets only in the tasks that ask.
 */
import type { ComposeContext } from '../../../compose/context';
import { envEntries, imageOf } from '../../../compose/facts';
import { appendItem, isSeq, setPath } from '../../../edits/yamlEdit';
import type { Rule, TextEdit } from '../../../rule';
import { isSecretName } from '../../../shared/secrets';
import { serviceOf, servicesOf, topLevelEntry } from '../../shared/util';
import { FILE_ENV_SOURCES, readsFileVariant } from './fileEnv';
import { SWARM_SOURCES } from './sources';

/** Swarm secret name for a service's variable: `db_postgres_password`. */
export function secretName(service: string, variable: string): string {
  return `${service}_${variable}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
}

export const swarmSecretsNotEnv: Rule<ComposeContext> = {
  id: 'swarm-secrets-not-env',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Pass credentials as Swarm secrets, not environment variables',
  rationale: `On a swarm an environment value is part of the service spec: anyone who can run \`docker service inspect\` on a manager reads it, and \`docker inspect\` of every task shows it. Swarm secrets are encrypted in the managers' raft log and reach only the tasks of services that list them, as files under /run/secrets (${SWARM_SOURCES.secrets}). Images built on the docker-library \`file_env\` helper read \`<VAR>_FILE\` instead of \`<VAR>\` (postgres, mysql, mariadb: ${FILE_ENV_SOURCES.join(', ')}); other apps read the file themselves.`,
  defaultSeverity: 'warning',
  fixDescription: 'Where the image reads `<VAR>_FILE`: renames the variable to `<VAR>_FILE: /run/secrets/<service>_<var>`, lists the secret in the service and declares it at the top level from `./secrets/<service>_<var>.txt` (not applied by --fix: create that file with the value first).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const image = imageOf(svc);
      for (const entry of envEntries(svc)) {
        if (!entry.name || entry.name.endsWith('_FILE') || !isSecretName(entry.name)) continue;
        if (entry.value === '' ) continue;
        const file = readsFileVariant(image, entry.name);
        const message = `"${svc.name}" gets ${entry.name} from its environment: on a swarm it is readable in the service spec (docker service inspect). Pass it as a Swarm secret${file ? ` (${entry.name}_FILE: /run/secrets/${secretName(svc.name, entry.name)})` : ' read from /run/secrets'}.`;
        yield { message, service: svc.name, file: entry.ref.file.path, range: entry.range, data: { variable: entry.name, fileVariant: file } };
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const variable = finding.data?.variable as string | undefined;
    if (!svc?.node || !variable || !finding.data?.fileVariant) return undefined;
    const entry = envEntries(svc).find((e) => e.name === variable);
    if (!entry || entry.ref.via || entry.ref.file !== svc.file || entry.value == null) return undefined;
    const name = secretName(svc.name, variable);
    const target = `/run/secrets/${name}`;
    const envEdit: TextEdit =
      entry.form === 'map'
        ? { file: svc.file.path, range: { start: entry.range.start, end: entry.valueRange.end }, newText: `${variable}_FILE: ${target}` }
        : { file: svc.file.path, range: entry.range, newText: `${variable}_FILE=${target}` };
    const listed = svc.get(['secrets']);
    let listEdit: TextEdit | undefined;
    if (listed) {
      if (listed.via || !isSeq(listed.node)) return undefined;
      if (!(Array.isArray(listed.js) && listed.js.some((s) => s === name || (s && typeof s === 'object' && (s as { source?: unknown }).source === name)))) listEdit = appendItem(listed.file, listed.node, name);
    } else {
      listEdit = setPath(svc.file, svc.node, ['secrets'], [name]);
      if (!listEdit) return undefined;
    }
    const top = topLevelEntry(ctx, 'secrets', name, { file: `./secrets/${name}.txt` });
    if (!top.ok) return undefined;
    const edits = [envEdit, listEdit, top.edit].filter((e): e is TextEdit => !!e);
    return { title: `Read ${variable} from the Swarm secret ${name}`, edits, safe: false };
  },
};
