import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

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

test('multi-stage: a single-stage Node build with a build step fires; multi-stage and plain images do not', () => {
  const single = 'FROM node:22.12.0-alpine3.21\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/index.js"]\n';
  assert.equal(of(single, 'dockerfile-multi-stage').length, 1);
  assert.equal(of(GOOD, 'dockerfile-multi-stage').length, 0);
  assert.equal(of('FROM nginx:1.27.3\nCOPY site /usr/share/nginx/html\n', 'dockerfile-multi-stage').length, 0);
});
