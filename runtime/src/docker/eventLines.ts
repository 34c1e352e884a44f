// The events endpoint streams one JSON object per line, but chunks do not respect line boundaries.
// This splits a byte stream into parsed, validated container events; a bad line is reported, not thrown.
import { containerEventSchema, parseAnswer, type ContainerEvent } from './schemas';

export class EventLineParser {
  private rest = '';

  constructor(
    private readonly onEvent: (e: ContainerEvent) => void,
    private readonly onBadLine: (message: string) => void,
  ) {}

  push(chunk: Buffer | string): void {
    this.rest += chunk.toString();
    let nl: number;
    while ((nl = this.rest.indexOf('\n')) >= 0) {
      const line = this.rest.slice(0, nl).trim();
      this.rest = this.rest.slice(nl + 1);
      if (line) this.parseLine(line);
    }
  }

  private parseLine(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.onBadLine(`The Docker engine sent an event that is not JSON: ${line.slice(0, 80)}`);
      return;
    }
    try {
      this.onEvent(parseAnswer(containerEventSchema, json, 'event'));
    } catch (e) {
      this.onBadLine((e as Error).message);
    }
  }
}
