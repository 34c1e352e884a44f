import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { dockerIgnoreFor, type DockerIgnore } from '../../dockerfile/dockerignore';
import { classifySecretName, urlCredentials } from '../../shared/secrets';
import { at, keyValues } from './util';

/**
 * Names that hold a secret or a connection string (which usually embeds a password), by the shared
 * classifier: pointers to a secret (a path, a file), public keys, key ids and browser-public build
 * variables (NEXT_PUBLIC_…) are fine.
 */
const SECRET_FILES = /(^|\/)(\.env(\.[\w-]+)?|id_rsa|id_ed25519|id_ecdsa|[^/]*\.pem|[^/]*\.key|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|\.aws\/credentials|service-account[^/]*\.json)$/i;
const NOT_SECRET_FILES = /\.env\.(example|sample|template|dist|defaults?)$/i;

export function isSensitiveName(name: string, names?: Iterable<string>): boolean {
  const kind = classifySecretName(name, names);
  return kind === 'secret' || kind === 'connection';
}

export const noSecrets: Rule<DockerfileContext> = {
  id: 'dockerfile-no-secrets',
  kind: 'dockerfile',
  title: 'No secrets in ENV, ARG or copied files',
  rationale:
    '`ENV` values are stored in the image config and `ARG` values in its build history: anyone who can pull the image can read them, forever. Secret files copied in stay in a layer even if a later step deletes them; a file that the `.dockerignore` of the build context leaves out (BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, else `.dockerignore` in the folder of the Dockerfile, the context of `docker build .` there) never reaches the build, so copying it is not reported. Pass secrets at run time (compose `secrets:`, env files) or at build time with `RUN --mount=type=secret`. Secret names come from the shared classifier that compose rules and hovers use too: `*_PASSWORD`, `*_PWD`, `*_SECRET_KEY`, `*_ENCRYPTION_KEY`, `*_AUTH`, tokens, API keys and connection strings (`DATABASE_URL`, a URL with `user:password@`) are secrets; public keys (`*_PUBLIC_KEY`, `NEXT_PUBLIC_*`), key ids (`AWS_ACCESS_KEY_ID`, an `*_ACCESS_KEY` beside its `*_SECRET_KEY`) and names that only point at a secret (`*_FILE`, `*_PATH`) are not.',
  defaultSeverity: 'error',
  *check(ctx) {
    const names = ctx.instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG').flatMap((i) => keyValues(i).map((kv) => kv.key));
    let ignore: DockerIgnore | null | undefined; // read once, and only when a secret file is copied
    for (const instr of ctx.instructions) {
      if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          const urlPassword = urlCredentials(kv.value ?? '').some((c) => c.literal);
          if (!isSensitiveName(kv.key, names) && !urlPassword) continue;
          if (instr.keyword === 'ENV' && (kv.value === undefined || kv.value === '' || /^\$\{?\w+\}?$/.test(kv.value))) continue;
          const where = instr.keyword === 'ENV' ? 'is stored in the image config' : 'ends up in the image history';
          yield at(ctx, instr.body.sourceRange(kv.keyStart, kv.keyEnd), `${instr.keyword} ${kv.key} looks like a secret and ${where}. Pass it at run time, or use RUN --mount=type=secret while building.`);
        }
      }
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const words = [...instr.body.text.matchAll(/\S+/g)];
        if (instr.json) continue;
        // COPY --from copies out of another stage or image: the build context's ignore file does not apply.
        const fromContext = !instr.flags.some((f) => f.name === 'from');
        for (const w of words.slice(0, -1)) {
          if (SECRET_FILES.test(w[0]) && !NOT_SECRET_FILES.test(w[0])) {
            if (fromContext && (ignore ??= dockerIgnoreFor(ctx.path) ?? null)?.excludes(w[0])) continue;
            yield at(ctx, instr.body.sourceRange(w.index!, w.index! + w[0].length), `${instr.keyword} copies "${w[0]}", which usually holds secrets, into an image layer. Mount it at run time or use RUN --mount=type=secret.`);
          }
        }
      }
    }
  },
};
