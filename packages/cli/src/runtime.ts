import type { Streams } from './output/writer.js';

/** The process-level things commands use, passed in so nothing reaches for globals directly. */
export interface Runtime {
  env: NodeJS.ProcessEnv;
  streams: Streams;
  stdin: NodeJS.ReadStream;
  /** Set by the action that ran; main exits with it. */
  exitCode: number;
}
