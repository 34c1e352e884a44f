/** A command line the parser refuses: the CLI prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/**
 * Walks a command line the way every `ai-stack` subcommand reads it: `--name value` and
 * `--name=value` alike. Each parser keeps its own options and messages; this only moves.
 */
export class ArgCursor {
  private index = -1;
  /** The current argument as written, its option name (before `=`), and the inline value (after `=`). */
  arg = '';
  name = '';
  inline: string | undefined;

  constructor(private readonly argv: readonly string[]) {}

  /** Moves to the next argument; false at the end. */
  next(): boolean {
    if (++this.index >= this.argv.length) return false;
    this.arg = this.argv[this.index];
    const eq = this.arg.startsWith('--') ? this.arg.indexOf('=') : -1;
    this.name = eq > 0 ? this.arg.slice(0, eq) : this.arg;
    this.inline = eq > 0 ? this.arg.slice(eq + 1) : undefined;
    return true;
  }

  /**
   * The current option's value: the inline one, else the next argument (consumed). Strict: an empty
   * inline value or a next argument that looks like an option (`-x`, but not `-` for stdin) is no value.
   */
  value(strict = false): string | undefined {
    if (this.inline !== undefined) return strict && this.inline === '' ? undefined : this.inline;
    const next = this.argv[this.index + 1];
    if (next === undefined || (strict && next.startsWith('-') && next !== '-')) return undefined;
    this.index++;
    return next;
  }

  /** The current option's value (strict, as `value(true)`), or a UsageError naming the option. */
  required(): string {
    const v = this.value(true);
    if (v === undefined) throw new UsageError(`${this.name} needs a value`);
    return v;
  }

  /** The current option as a bare flag: true, or a UsageError when it was written with `=value`. */
  flag(): true {
    if (this.inline !== undefined) throw new UsageError(`${this.name} takes no value`);
    return true;
  }

  /**
   * For the `--color` / `--no-color` cases of a parser: the colour the current option asks for. A value
   * after `=` is ignored, as those parsers always did.
   */
  colorFlag(): boolean {
    return this.name === '--color';
  }

  /** The message for an option the parser does not know; `command` names the command where usage alone would not. */
  unknownOption(command?: string): string {
    return `unknown option ${command ? `for ${command}: ` : ''}${JSON.stringify(this.arg)}`;
  }

  /** The next argument without consuming it. */
  peek(): string | undefined {
    return this.argv[this.index + 1];
  }

  /** Consumes and returns every argument after the current one. */
  rest(): string[] {
    const out = this.argv.slice(this.index + 1);
    this.index = this.argv.length;
    return out;
  }

  /** Consumes the following arguments while they satisfy `keep`. */
  takeWhile(keep: (arg: string) => boolean): string[] {
    const out: string[] = [];
    while (this.index + 1 < this.argv.length && keep(this.argv[this.index + 1])) out.push(this.argv[++this.index]);
    return out;
  }
}
