/** `ai-stack check`: owned by the CLI work (formats text/json/sarif, --fix, directory walk). */
export async function runCheck(_args: string[]): Promise<number> {
  process.stderr.write('ai-stack check: not implemented yet\n');
  return 2;
}
