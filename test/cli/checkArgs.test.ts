import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckArgs, UsageError } from '../../server/src/cli/checkArgs';

test('parses paths, both --flag value and --flag=value, and repeatable project flags', () => {
  const a = parseCheckArgs(['a', '--format=sarif', '--output', 'out.sarif', '--fix', '-f', 'x.yml', '--file', 'y.yml', '--env-file', '.env', '--max-severity', 'warning', '--', '--odd-name.yml']);
  assert.deepEqual(a.paths, ['a', '--odd-name.yml']);
  assert.equal(a.format, 'sarif');
  assert.equal(a.output, 'out.sarif');
  assert.equal(a.fix, true);
  assert.deepEqual(a.composeFiles, ['x.yml', 'y.yml']);
  assert.deepEqual(a.envFiles, ['.env']);
  assert.equal(a.maxSeverity, 'warning');
});

test('defaults: text, no fix, any finding fails (hint)', () => {
  const a = parseCheckArgs([]);
  assert.deepEqual([a.format, a.fix, a.maxSeverity, a.paths], ['text', false, 'hint', []]);
});

test('malformed flags are UsageErrors with a clear message', () => {
  for (const [args, message] of [
    [['--format'], /--format needs a value/],
    [['--format', '--fix'], /--format needs a value/],
    [['--format='], /--format needs a value/],
    [['--env-file'], /--env-file needs a value/],
    [['--max-severity', 'critical'], /must be one of error, warning, info, hint/],
    [['-x'], /unknown option -x/],
  ] as [string[], RegExp][]) {
    assert.throws(() => parseCheckArgs(args), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
  }
});
