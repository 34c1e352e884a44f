/**
 * Issue 10, defect 8: a non-breaking space (`RUN echo a\u00a0b`), a vertical tab, a form feed or a
 * continuation line starting with a bare CR made splitCommands loop forever (a blank that is /\s/ but
 * not ' ' or '\t' was neither skipped nor taken into a word). Every whitespace class, through the
 * analyzer (in a child process, so a hang fails) and through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, runCli, tempDir } from '../cli/harness';
import { lazyCliBundle } from './cliBundle';
import { runIsolated } from './isolated';

const BLANKS: Record<string, string> = {
  'no-break space': '\u00a0',
  'vertical tab': '\u000b',
  'form feed': '\u000c',
  'bare CR': '\r',
  'line separator U+2028': '\u2028',
  'paragraph separator U+2029': '\u2029',
  'ideographic space U+3000': '\u3000',
  'byte order mark U+FEFF': '\ufeff',
  'en quad U+2000': '\u2000',
  tab: '\t',
};

/** Each blank between words, alone at the end, and at the start of a continuation line; `sudo` so a rule has something to find. */
function dockerfile(blank: string): string {
  return `FROM alpine:3.19\nRUN sudo apk add curl${blank}&&${blank}echo a${blank}b${blank}\nRUN echo a \\\n${blank}b${blank}\nUSER app\n`;
}

for (const [name, blank] of Object.entries(BLANKS)) {
  test(`analyzer: a RUN line with a ${name} is checked (no endless loop)`, () => {
    const { findings } = runIsolated('analyze', { files: { Dockerfile: dockerfile(blank) }, target: 'Dockerfile' });
    // The words around the blank were read: the sudo rule still sees `sudo apk`.
    assert.ok(findings.some((f) => /sudo/.test(f.ruleId)), JSON.stringify(findings.map((f) => f.ruleId)));
  });
}

test('analyzer: a continuation line that starts with a bare CR', () => {
  const text = 'FROM alpine:3.19\nRUN sudo apk add curl \\\n\rcurl -V\nUSER app\n';
  const { findings } = runIsolated('analyze', { files: { Dockerfile: text }, target: 'Dockerfile' });
  assert.ok(findings.some((f) => /sudo/.test(f.ruleId)));
});

// Built on first use, so that the tests above do not depend on the CLI bundle.
const cliBundle = lazyCliBundle();

test('CLI: check DIR finishes on Dockerfiles with every blank class, one finding set per file', async () => {
  const cli = await cliBundle();
  const files: Record<string, string> = {};
  Object.values(BLANKS).forEach((blank, i) => (files[`d${i}/Dockerfile`] = dockerfile(blank)));
  const dir = tempDir(files);
  try {
    const r = runCli(cli, ['check', '.', '--format', 'json'], dir);
    assert.notEqual(r.code, null, 'killed after the harness timeout: the check hung');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: string[]; findings: { file: string; ruleId: string }[] };
    assert.equal(report.files.length, Object.keys(BLANKS).length);
    for (const f of report.files) assert.ok(report.findings.some((x) => x.file === f && /sudo/.test(x.ruleId)), `${f} checked`);
  } finally {
    removeDir(dir);
  }
});
