/**
 * Writes the README's settings section (between `<!-- settings:start -->` and `<!-- settings:end -->`)
 * from package.json contributes.configuration, so the two cannot drift.
 * Run: npx tsx scripts/gen-settings-docs.ts [--check]   (test/cli/settings-docs.test.ts runs the check)
 */
import fs from 'node:fs';
import path from 'node:path';

export const START = '<!-- settings:start -->';
export const END = '<!-- settings:end -->';

interface SettingSchema {
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  description?: string;
  markdownDescription?: string;
}

export interface PackageJsonLike {
  contributes?: { configuration?: { properties?: Record<string, SettingSchema> } | { properties?: Record<string, SettingSchema> }[] };
  capabilities?: { untrustedWorkspaces?: { restrictedConfigurations?: string[] } };
}

function properties(pkg: PackageJsonLike): [string, SettingSchema][] {
  const conf = pkg.contributes?.configuration;
  const sections = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return sections.flatMap((s) => Object.entries(s.properties ?? {}));
}

function typeText(s: SettingSchema): string {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  return types.filter((t) => t !== 'null').join(' | ') || 'any';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The Markdown list of every setting: name, type, default, allowed values and description. */
export function renderSettingsDoc(pkg: PackageJsonLike): string {
  const restricted = new Set(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const lines = properties(pkg).map(([name, s]) => {
    const facts = [typeText(s), `default \`${JSON.stringify(s.default ?? null)}\``];
    if (s.enum) facts.push(`one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
    const description = oneLine(s.markdownDescription ?? s.description ?? '');
    const trust = restricted.has(name) ? ' In Restricted Mode only the user setting is used, not the workspace one.' : '';
    return `- \`${name}\` (${facts.join('; ')}): ${description}${trust}`;
  });
  return `${lines.join('\n')}\n`;
}

/** `readme` with the text between the markers replaced; a clear error when the markers are missing. */
export function replaceSettingsSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END} (in that order)`);
  return `${readme.slice(0, start + START.length)}\n${section}${readme.slice(end)}`;
}

function main(): number {
  const root = path.resolve(__dirname, '..');
  const readmePath = path.join(root, 'README.md');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJsonLike;
  const current = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : `## Settings\n\n${START}\n${END}\n`;
  let next: string;
  try {
    next = replaceSettingsSection(current, renderSettingsDoc(pkg));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (process.argv.includes('--check')) {
    if (next === current) return 0;
    process.stderr.write('README.md settings section is out of date: run npx tsx scripts/gen-settings-docs.ts\n');
    return 1;
  }
  if (next !== current) fs.writeFileSync(readmePath, next);
  process.stdout.write(next === current ? 'README.md settings are up to date\n' : 'wrote the settings section of README.md\n');
  return 0;
}

if (require.main === module) process.exit(main());
