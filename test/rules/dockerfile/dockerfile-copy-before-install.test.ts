import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

/** A Dockerfile every rule is happy with: the baseline the "does not fire" cases start from. */
const GOOD = `FROM node:22.12.0-alpine3.21 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:22.12.0-alpine3.21 AS runner
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER 1001:1001
HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/health || exit 1
CMD ["node", "server.js"]
`;

test('copy-before-install: COPY . . before npm ci fires with the install as related info', () => {
  const text = 'FROM node:22.12.0-alpine3.21\nCOPY . .\nRUN npm ci\n';
  const [f] = of(text, 'dockerfile-copy-before-install');
  assert.equal(underlined(text, f), 'COPY . .');
  assert.equal(f.related?.[0].message, 'dependency install');
  assert.equal(of(GOOD, 'dockerfile-copy-before-install').length, 0);
});
