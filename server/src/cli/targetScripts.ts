/**
 * The CLI's side of target detection: the scripts of the folders from a compose file up to the
 * workspace root (the config's folder, else the working directory), read once per folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { detectTarget, scriptPathsIn, ScriptText, TargetEvidence } from '../engine/rules/compose/swarm/detectTarget';

/** Scripts larger than this are not deploy scripts worth reading. */
const MAX_SCRIPT_BYTES = 1_000_000;

export class ScriptScan {
  private readonly byFolder = new Map<string, ScriptText[]>();

  /** Evidence that `composeFile` is deployed with docker stack deploy, from scripts between its folder and `root`. */
  evidence(composeFile: string, root: string): TargetEvidence | undefined {
    const top = path.resolve(root);
    let dir = path.dirname(path.resolve(composeFile));
    const scripts: ScriptText[] = [];
    for (;;) {
      scripts.push(...this.scriptsOf(dir));
      if (dir === top || !dir.startsWith(top + path.sep)) break;
      dir = path.dirname(dir);
    }
    return detectTarget(composeFile, scripts, top);
  }

  private scriptsOf(folder: string): ScriptText[] {
    let scripts = this.byFolder.get(folder);
    if (!scripts) {
      scripts = [];
      for (const file of scriptPathsIn(folder, listDir)) {
        const text = readSmall(file);
        if (text !== undefined) scripts.push({ path: file, text });
      }
      this.byFolder.set(folder, scripts);
    }
    return scripts;
  }
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
