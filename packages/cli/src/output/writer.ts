import { type Colours, coloursFor } from './colour.js';
import { jsonDocument, jsonLine } from './json.js';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean | undefined };
  stderr: NodeJS.WritableStream & { isTTY?: boolean | undefined };
}

/**
 * Where everything goes: results on stdout (so `$(luco ...)` and pipes get only them), every
 * message, warning and progress note on stderr.
 */
export class Output {
  readonly json: boolean;
  /** Colours for stdout and for stderr, each decided by its own stream. */
  readonly colours: Colours;
  readonly errColours: Colours;
  readonly #streams: Streams;

  constructor(streams: Streams, env: NodeJS.ProcessEnv, json: boolean) {
    this.#streams = streams;
    this.json = json;
    this.colours = coloursFor(streams.stdout, env);
    this.errColours = coloursFor(streams.stderr, env);
  }

  /** The stream a child command's stderr is passed through to. */
  get stderr(): NodeJS.WritableStream {
    return this.#streams.stderr;
  }

  /** Raw result text on stdout. */
  write(text: string): void {
    this.#streams.stdout.write(text);
  }

  /** One JSON document on stdout. */
  document(value: unknown): void {
    this.write(jsonDocument(value));
  }

  /** One JSON Lines row on stdout. */
  line(value: unknown): void {
    this.write(jsonLine(value));
  }

  /** A JSON Lines event on stderr: machine notes of `luco run`, whose stdout belongs to its command. */
  event(value: unknown): void {
    this.#streams.stderr.write(jsonLine(value));
  }

  /** A human note on stderr (never mixed into results). */
  note(text: string): void {
    this.#streams.stderr.write(`${text}\n`);
  }

  /** Text on stderr without a line break (a prompt). */
  prompt(text: string): void {
    this.#streams.stderr.write(text);
  }

  warn(text: string): void {
    this.#streams.stderr.write(`${this.errColours.yellow('luco:')} ${text}\n`);
  }

  error(text: string): void {
    this.#streams.stderr.write(`${this.errColours.red('luco: error:')} ${text}\n`);
  }
}
