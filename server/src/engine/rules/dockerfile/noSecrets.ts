import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, keyValues } from './util';

/**
 * Name parts that mark a secret value. Names that only point at a secret (a path, a file) are fine,
 * and so are browser-public build variables (NEXT_PUBLIC_…), which are public by design.
 */
const SENSITIVE = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|CREDENTIALS?|AUTH_?KEY|CLIENT_?SECRET|DATABASE_URL|DSN)$/i;
const POINTER = /(_FILE|_PATH|_DIR|_URL_FILE|_LENGTH|_TYPE|_NAME|_HEADER|_ENDPOINT|_URI_FILE|_COOKIE_NAME)$|^(TOKENIZERS_|HF_HUB_|PIP_|NPM_CONFIG_|NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_)/i;
const SECRET_FILES = /(^|\/)(\.env(\.[\w-]+)?|id_rsa|id_ed25519|id_ecdsa|[^/]*\.pem|[^/]*\.key|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|\.aws\/credentials|service-account[^/]*\.json)$/i;
const NOT_SECRET_FILES = /\.env\.(example|sample|template|dist|defaults?)$/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE.test(name) && !POINTER.test(name);
}

export const noSecrets: Rule<DockerfileContext> = {
  id: 'dockerfile-no-secrets',
  kind: 'dockerfile',
  title: 'No secrets in ENV, ARG or copied files',
  rationale:
    '`ENV` values are stored in the image config and `ARG` values in its build history: anyone who can pull the image can read them, forever. Secret files copied in stay in a layer even if a later step deletes them. Pass secrets at run time (compose `secrets:`, env files) or at build time with `RUN --mount=type=secret`.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          if (!isSensitiveName(kv.key)) continue;
          if (instr.keyword === 'ENV' && (kv.value === undefined || kv.value === '' || /^\$\{?\w+\}?$/.test(kv.value))) continue;
          const where = instr.keyword === 'ENV' ? 'is stored in the image config' : 'ends up in the image history';
          yield at(ctx, instr.body.sourceRange(kv.keyStart, kv.keyEnd), `${instr.keyword} ${kv.key} looks like a secret and ${where}. Pass it at run time, or use RUN --mount=type=secret while building.`);
        }
      }
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const words = [...instr.body.text.matchAll(/\S+/g)];
        if (instr.json) continue;
        for (const w of words.slice(0, -1)) {
          if (SECRET_FILES.test(w[0]) && !NOT_SECRET_FILES.test(w[0])) {
            yield at(ctx, instr.body.sourceRange(w.index!, w.index! + w[0].length), `${instr.keyword} copies "${w[0]}", which usually holds secrets, into an image layer. Mount it at run time or use RUN --mount=type=secret.`);
          }
        }
      }
    }
  },
};
