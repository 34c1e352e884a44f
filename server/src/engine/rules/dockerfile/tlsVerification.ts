import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, keyValues } from './util';

/** Command-line patterns that switch off certificate checks, with what they disable. */
const RUN_PATTERNS: [RegExp, string][] = [
  [/\bcurl\b[^\n|;&]*\s(-k|--insecure|-[a-zA-Z]*k[a-zA-Z]*)(?=\s|$)/, 'curl -k/--insecure'],
  [/\bwget\b[^\n|;&]*\s--no-check-certificate\b/, 'wget --no-check-certificate'],
  [/\bpip[0-9.]*\b[^\n|;&]*\s--trusted-host\b/, 'pip --trusted-host'],
  [/\b(npm|yarn|pnpm)\b[^\n|;&]*\bstrict-ssl\b[\s=]*false\b/, 'strict-ssl false'],
  [/\bgit\b[^\n|;&]*\bhttp\.sslVerify\b[\s=]*false\b/i, 'git http.sslVerify false'],
  [/\b(yum|dnf|microdnf)\b[^\n|;&]*sslverify\s*=\s*(0|false|no)\b/i, 'sslverify off'],
  [/\bsslverify\s*=\s*(0|false|no)\b/i, 'sslverify off'],
  [/\bNODE_TLS_REJECT_UNAUTHORIZED=0\b/, 'NODE_TLS_REJECT_UNAUTHORIZED=0'],
  [/\bGIT_SSL_NO_VERIFY=(1|true)\b/i, 'GIT_SSL_NO_VERIFY'],
];

const ENV_BAD: Record<string, (v: string) => boolean> = {
  NODE_TLS_REJECT_UNAUTHORIZED: (v) => v === '0',
  PYTHONHTTPSVERIFY: (v) => v === '0',
  NPM_CONFIG_STRICT_SSL: (v) => /^(false|0|no)$/i.test(v),
  GIT_SSL_NO_VERIFY: (v) => v !== '' && !/^(false|0|no)$/i.test(v),
  PIP_TRUSTED_HOST: (v) => v !== '',
  YARN_STRICT_SSL: (v) => /^(false|0|no)$/i.test(v),
  CURL_INSECURE: (v) => /^(true|1|yes)$/i.test(v),
};

export const tlsVerification: Rule<DockerfileContext> = {
  id: 'dockerfile-tls-verification',
  kind: 'dockerfile',
  title: 'Keep TLS certificate verification on',
  rationale:
    'Turning off certificate checks lets anyone on the network path (a proxy, a poisoned Wi-Fi, a compromised mirror) swap the packages or scripts the build downloads. Fix the CA bundle instead (`ca-certificates`, `NODE_EXTRA_CA_CERTS`, `PIP_CERT`).',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword === 'RUN' && !instr.json) {
        for (const [re, what] of RUN_PATTERNS) {
          const m = instr.body.text.match(re);
          if (m) {
            yield at(ctx, instr.body.sourceRange(m.index!, m.index! + m[0].length), `RUN disables TLS certificate verification (${what}). Install the right CA certificates instead.`);
            break;
          }
        }
      }
      if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          const bad = ENV_BAD[kv.key.toUpperCase()];
          if (bad && kv.value !== undefined && bad(kv.value)) {
            yield at(ctx, instr.body.sourceRange(kv.keyStart, kv.keyEnd), `${kv.key}=${kv.value} disables TLS certificate verification for everything in the image. Install the right CA certificates instead.`);
          }
        }
      }
    }
  },
};
