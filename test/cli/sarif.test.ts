import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { allRules } from '../../server/src/engine';
import { buildCli, removeDir, repoRoot, runCli, tempDir, UNHARDENED } from './harness';

/**
 * The official SARIF 2.1.0 schema, from an installed npm package that ships it
 * (e.g. @microsoft/jest-sarif: lib/schemas/sarif-2.1.0-rtm.5.json). No network here, so it is
 * looked up in node_modules; without it the structural schema below is used and the test says so.
 */
function findOfficialSchema(): string | undefined {
  if (process.env.SARIF_SCHEMA) return path.resolve(process.env.SARIF_SCHEMA);
  const known = ['@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', '@microsoft/sarif-multitool/sarif-schema-2.1.0.json'];
  for (const k of known) {
    const p = path.join(repoRoot, 'node_modules', k);
    if (fs.existsSync(p)) return p;
  }
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 4 || found.length) return;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) visit(path.join(dir, e.name), depth + 1);
      else if (/^sarif-(schema-)?2\.1\.0.*\.json$/i.test(e.name)) found.push(path.join(dir, e.name));
    }
  };
  visit(path.join(repoRoot, 'node_modules'), 0);
  return found[0];
}

/** What code scanning needs, written from the SARIF 2.1.0 spec (a subset of the official schema). */
const STRUCTURE = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    $schema: { type: 'string' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'fullDescription', 'helpUri', 'defaultConfiguration'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: { $ref: '#/$defs/message' },
                        fullDescription: { $ref: '#/$defs/message' },
                        helpUri: { type: 'string' },
                        defaultConfiguration: { type: 'object', required: ['level'], properties: { level: { $ref: '#/$defs/level' } } },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { $ref: '#/$defs/level' },
                message: { $ref: '#/$defs/message' },
                locations: { type: 'array', minItems: 1, items: { type: 'object', required: ['physicalLocation'], properties: { physicalLocation: { $ref: '#/$defs/physical' } } } },
                relatedLocations: { type: 'array', items: { type: 'object', required: ['physicalLocation'], properties: { physicalLocation: { $ref: '#/$defs/physical' } } } },
              },
            },
          },
        },
      },
    },
  },
  $defs: {
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
    physical: {
      type: 'object',
      required: ['artifactLocation', 'region'],
      properties: {
        artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string' }, uriBaseId: { type: 'string' } } },
        region: {
          type: 'object',
          required: ['startLine', 'startColumn', 'endLine', 'endColumn'],
          properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 }, endColumn: { type: 'integer', minimum: 1 } },
        },
      },
    },
  },
};

let cli: string;
let dir: string;
let log: any;

before(async () => {
  cli = await buildCli();
  dir = tempDir({
    'compose.yaml': UNHARDENED,
    // An anchor with related information, and a syntax error in a second file.
    'b/compose.yaml': `x-base: &base\n  image: redis:7\nservices:\n  cache:\n    <<: *base\n`,
    'c/compose.yaml': `services:\n  api:\n    image: "unterminated\n`,
  });
  const r = runCli(cli, ['check', '--format', 'sarif', '--output', 'out.sarif'], dir);
  assert.equal(r.code, 1, r.stderr);
  log = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
});
after(() => {
  removeDir(dir);
  removeDir(path.dirname(cli));
});

test('SARIF validates against the SARIF 2.1.0 schema', (t) => {
  const official = findOfficialSchema();
  if (official) {
    const schema = JSON.parse(fs.readFileSync(official, 'utf8'));
    // The published schema is draft-04 (`id`); its keywords are otherwise draft-07 compatible, which ajv reads.
    if (typeof schema.id === 'string' && !schema.$id) schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    // Formats (uri, date-time) are not checked: ajv-formats is not installed. One of the schema's
    // patterns is not a valid `u`-flag RegExp, hence unicodeRegExp: false.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(log), `invalid against ${path.relative(repoRoot, official)}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    t.diagnostic(`validated against ${official}`);
  } else {
    t.diagnostic('official SARIF schema not installed (no sarif-2.1.0*.json in node_modules): validated the structural subset only');
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(STRUCTURE);
  assert.ok(validate(log), ajv.errorsText(validate.errors, { separator: '\n' }));
});

test('tool.driver.rules come from the registry with docs links and default levels', () => {
  const rules = log.runs[0].tool.driver.rules as { id: string; helpUri: string; fullDescription: { text: string }; defaultConfiguration: { level: string } }[];
  for (const meta of allRules()) {
    const d = rules.find((r) => r.id === meta.id);
    assert.ok(d, `rule ${meta.id} missing from the SARIF driver`);
    assert.equal(d.helpUri, `docs/rules.md#${meta.id}`);
    assert.equal(d.fullDescription.text, meta.rationale);
    assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[meta.defaultSeverity]);
  }
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
  for (const r of log.runs[0].results) {
    assert.equal(rules[r.ruleIndex]?.id, r.ruleId, `ruleIndex of ${r.ruleId}`);
  }
});

test('results carry 1-based regions relative to SRCROOT', () => {
  const results = log.runs[0].results as any[];
  const port = results.find((r) => r.ruleId === 'port-host-ip-required');
  assert.deepEqual(port.locations[0].physicalLocation, {
    artifactLocation: { uri: 'compose.yaml', uriBaseId: 'SRCROOT' },
    region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 20 },
  });
  assert.equal(port.level, 'warning');
  const syntax = results.find((r) => r.ruleId === 'yaml-syntax');
  assert.ok(syntax, 'the syntax error is reported');
  assert.equal(syntax.level, 'error');
  assert.equal(syntax.locations[0].physicalLocation.artifactLocation.uri, 'c/compose.yaml');
  assert.ok(log.runs[0].originalUriBaseIds.SRCROOT.uri.startsWith('file:///'));
  assert.ok(log.runs[0].originalUriBaseIds.SRCROOT.uri.endsWith('/'));
});
