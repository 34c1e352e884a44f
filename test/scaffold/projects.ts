/** Sample projects (file name → text) the generator tests detect, generate for and build. */
export const PROJECTS: Record<string, Record<string, string>> = {
  'node-npm': {
    'package.json': JSON.stringify({ name: 'api', main: 'server.js', scripts: { start: 'node server.js' }, engines: { node: '>=22' } }),
    'package-lock.json': '{"lockfileVersion":3}',
    'server.js': 'require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT);\n',
  },
  'node-pnpm': {
    'package.json': JSON.stringify({ name: 'api', packageManager: 'pnpm@9.15.0', scripts: { build: 'tsc', start: 'node dist/index.js' } }),
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    '.nvmrc': 'v20.18.1\n',
    'src/index.ts': 'console.log(1);\n',
  },
  'node-yarn': {
    'package.json': JSON.stringify({ name: 'api', main: 'index.js' }),
    'yarn.lock': '# yarn lockfile v1\n',
    'index.js': 'console.log(1);\n',
  },
  'node-yarn-berry': {
    'package.json': JSON.stringify({ name: 'api', packageManager: 'yarn@4.5.3', scripts: { build: 'tsc', start: 'node --enable-source-maps dist/index.js' } }),
    'yarn.lock': '__metadata:\n  version: 8\n',
    '.yarnrc.yml': 'nodeLinker: node-modules\n',
  },
  'nextjs-standalone': {
    'package.json': JSON.stringify({ name: 'web', dependencies: { next: '15.1.0', react: '19.0.0', '@prisma/client': '6.1.0' }, devDependencies: { prisma: '6.1.0' }, scripts: { build: 'next build' } }),
    'package-lock.json': '{"lockfileVersion":3}',
    'next.config.mjs': "/** @type {import('next').NextConfig} */\nexport default { output: 'standalone' };\n",
    'prisma/schema.prisma': 'generator client {\n  provider = "prisma-client-js"\n}\n',
    'public/': '',
    'public/favicon.ico': '',
    'app/page.tsx': 'export default function Page() { return null; }\n',
  },
  'fastapi-requirements': {
    'requirements.txt': 'fastapi==0.115.6\nuvicorn[standard]==0.34.0\n',
    'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
  },
  'fastapi-uv': {
    'pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["fastapi==0.115.6", "gunicorn==23.0.0"]\n',
    'uv.lock': 'version = 1\n',
    'app/__init__.py': '',
    'app/main.py': 'from fastapi import FastAPI\n\napi = FastAPI(title="svc")\n',
  },
  'fastapi-poetry': {
    'pyproject.toml': '[tool.poetry]\nname = "svc"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "0.115.6"\n',
    'poetry.lock': '# poetry lock\n',
    'src/service/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
  },
  'fastapi-pyproject': {
    'pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["fastapi==0.115.6", "uvicorn==0.34.0"]\n',
    'server.py': 'import fastapi\napp: fastapi.FastAPI = fastapi.FastAPI()\n',
  },
};
