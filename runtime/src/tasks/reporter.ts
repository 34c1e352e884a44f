/** Where task actions write: plain lines, coloured step headers, child output. */

export interface Reporter {
  /** A step starts (e.g. "migrate: docker-compose run --rm api …"). */
  step(title: string): void;
  line(text: string): void;
  success(text: string): void;
  failure(text: string): void;
  warning(text: string): void;
  /** Raw output of a child process (may be partial lines). */
  output(chunk: string): void;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

const ANSI = { bold: '\x1b[1m', cyan: '\x1b[36m', green: '\x1b[32m', red: '\x1b[31m', yellow: '\x1b[33m', reset: '\x1b[0m' };

export interface TextReporterOptions {
  color: boolean;
  /** '\r\n' for pseudoterminals, which do not translate newlines. */
  eol?: string;
}

export function createTextReporter(write: (text: string) => void, options: TextReporterOptions): Reporter {
  const eol = options.eol ?? '\n';
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const lines = (text: string) => text.replace(/\r?\n/g, eol);
  return {
    step: (title) => write(paint(ANSI.bold + ANSI.cyan, `▶ ${title}`) + eol),
    line: (text) => write(lines(text) + eol),
    success: (text) => write(paint(ANSI.green, `✔ ${text}`) + eol),
    failure: (text) => write(paint(ANSI.red, lines(`✖ ${text}`)) + eol),
    warning: (text) => write(paint(ANSI.yellow, `! ${text}`) + eol),
    output: (chunk) => write(eol === '\n' ? chunk : chunk.replace(/\r?\n/g, eol)),
  };
}

/** Collects everything (tests, and callers that want the text afterwards). */
export function createMemoryReporter(): Reporter & { text(): string } {
  let buffer = '';
  const r = createTextReporter((t) => (buffer += t), { color: false });
  return { ...r, text: () => buffer };
}
