/** A Dockerfile every rule is happy with: the baseline the "does not fire" cases start from. */
export const GOOD = `FROM node:22.12.0-alpine3.21 AS deps
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
