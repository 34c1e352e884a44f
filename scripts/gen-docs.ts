/** Writes docs/rules.md from the rule registry. Run: npx tsx scripts/gen-docs.ts [--check] */
import fs from 'node:fs';
import path from 'node:path';
import { allRules } from '../server/src/engine/index';
import { renderRulesDoc, RULES_DOC_PATH } from '../server/src/cli/rulesDoc';

const target = path.resolve(__dirname, '..', RULES_DOC_PATH);
const text = renderRulesDoc(allRules());
const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(`${RULES_DOC_PATH} is out of date: run npx tsx scripts/gen-docs.ts\n`);
    process.exit(1);
  }
} else if (current !== text) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${RULES_DOC_PATH} (${allRules().length} rules)\n`);
} else {
  process.stdout.write(`${RULES_DOC_PATH} is up to date\n`);
}
