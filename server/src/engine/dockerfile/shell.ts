/**
 * Just enough shell to read RUN lines: split a command line into simple commands at `&&`, `||`,
 * `;`, `|`, `&` and newlines, and each command into words (quotes removed, positions kept).
 * Subshells and substitutions are not interpreted; their text simply stays inside words.
 */
import type { Instruction } from './context';
import type { LogicalText } from './logicalText';
import type { OffsetRange } from '../text';

export interface Word {
  value: string;
  /** Logical start/end in the instruction body. */
  start: number;
  end: number;
}

export interface Command {
  words: Word[];
  /** The operator that ends this command (`&&`, `|`, …), or '' at the end. */
  next: string;
}

export function splitCommands(text: string): Command[] {
  const commands: Command[] = [];
  let words: Word[] = [];
  let i = 0;
  const flush = (next: string) => {
    if (words.length || next) commands.push({ words, next });
    words = [];
  };
  while (i < text.length) {
    const ch = text[i];
    // Any blank other than a newline separates words: tab, CR, VT, FF, NBSP, U+2028, U+3000, BOM…
    // (a word below stops at /\s/, so a blank left to it would never be consumed).
    if (ch !== '\n' && /\s/.test(ch)) {
      i++;
      continue;
    }
    const op = text.slice(i, i + 2);
    if (op === '&&' || op === '||') {
      flush(op);
      i += 2;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '\n') {
      flush(ch === '\n' ? ';' : ch);
      i++;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length && !/[\s;&|]/.test(text[i])) {
      const c = text[i];
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        const stop = close < 0 ? text.length : close;
        value += text.slice(i + 1, stop);
        i = stop + 1;
      } else if (c === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    if (i === start) i++; // cannot happen with the tests above; a guard so the loop always advances
    else words.push({ value, start, end: Math.min(i, text.length) });
  }
  flush('');
  return commands.filter((c) => c.words.length > 0);
}

/** Commands of a RUN (shell form, or exec form joined), '' for other instructions. */
export function runCommands(instr: Instruction): Command[] {
  if (instr.keyword !== 'RUN') return [];
  if (instr.json) return [{ words: instr.json.map((value) => ({ value, start: 0, end: 0 })), next: '' }];
  return splitCommands(instr.body.text);
}

/** Words after a leading `sudo`/`env X=1`/`exec` wrapper: the program and its arguments. */
export function programWords(cmd: Command): Word[] {
  let i = 0;
  const w = cmd.words;
  for (;;) {
    const v = w[i]?.value;
    if (v === undefined) return [];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || v === 'sudo' || v === 'exec' || v === 'env' || v === 'time' || v === 'command' || v === 'nice') i++;
    else if (w[i - 1]?.value === 'sudo' && v.startsWith('-')) i++;
    else return w.slice(i);
  }
}

export function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** The subcommand of a program (first word that is not an option), e.g. `install` in `apt-get -q install`. */
export function subcommand(words: Word[]): Word | undefined {
  return words.slice(1).find((w) => !w.value.startsWith('-'));
}

export function hasFlag(words: Word[], ...names: string[]): boolean {
  return words.some((w) => names.some((n) => w.value === n || w.value.startsWith(n + '=') || (/^-[a-zA-Z]+$/.test(n) && n.length === 2 && /^-[a-zA-Z]+$/.test(w.value) && !w.value.startsWith('--') && w.value.includes(n[1]))));
}

export function wordRange(body: LogicalText, w: Word): OffsetRange {
  return body.sourceRange(w.start, w.end);
}

/** `pip install`, `pip3 install`, `python -m pip install`, `python3.12 -m pip install`: the words from pip on. */
export function pipWords(cmd: Command): Word[] | undefined {
  const w = programWords(cmd);
  const prog = basename(w[0]?.value ?? '');
  if (/^pip[0-9.]*$/.test(prog)) return w;
  if (/^python[0-9.]*$/.test(prog)) {
    const m = w.findIndex((x) => x.value === '-m');
    if (m >= 0 && /^pip[0-9.]*$/.test(w[m + 1]?.value ?? '')) return w.slice(m + 1);
  }
  return undefined;
}
