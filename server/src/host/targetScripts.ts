/** Disk access for target detection (CLI and language server): the scripts a compose file may be deployed by. */
import fs from 'node:fs';
import { ScriptScan } from '../engine/rules/compose/swarm/scriptScan';

/** Scripts larger than this are not deploy scripts worth reading. */
const MAX_SCRIPT_BYTES = 1_000_000;

export function diskScriptScan(): ScriptScan {
  return new ScriptScan({ list: listDir, read: readSmall });
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readSmall(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_SCRIPT_BYTES ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
