/**
 * Detection's file access, shared by the CLI and the language server: the scripts of the folders
 * from a compose file up to its workspace root, listed and read once per folder through the
 * functions the adapter brings (the engine itself touches no disk).
 */
import path from 'node:path';
import { detectTarget, scriptPathsIn, ScriptText, TargetEvidence } from './detectTarget';
import { isUnder } from '../../../paths';

export interface ScriptAccess {
  /** Entry names of a directory ([] when it is missing). */
  list(dir: string): string[];
  /** A script's text, or undefined (missing, not a regular file, too large to be a script). */
  read(file: string): string | undefined;
}

export class ScriptScan {
  private readonly byFolder = new Map<string, ScriptText[]>();

  constructor(private readonly access: ScriptAccess) {}

  /** Evidence that `composeFile` is deployed with docker stack deploy, from scripts between its folder and `root`. */
  evidence(composeFile: string, root: string): TargetEvidence | undefined {
    const top = path.resolve(root);
    let dir = path.dirname(path.resolve(composeFile));
    const scripts: ScriptText[] = [];
    for (;;) {
      scripts.push(...this.scriptsOf(dir));
      if (!isUnder(dir, top)) break;
      dir = path.dirname(dir);
    }
    return detectTarget(composeFile, scripts, top);
  }

  /** Forget what was read (scripts changed). */
  clear(): void {
    this.byFolder.clear();
  }

  private scriptsOf(folder: string): ScriptText[] {
    let scripts = this.byFolder.get(folder);
    if (!scripts) {
      scripts = [];
      for (const file of scriptPathsIn(folder, this.access.list)) {
        const text = this.access.read(file);
        if (text !== undefined) scripts.push({ path: file, text });
      }
      this.byFolder.set(folder, scripts);
    }
    return scripts;
  }
}
