import type { PostgresCluster } from './postgres.js';
import type { DatabaseKind } from './server.js';

/** What `npm run bench` hands every benchmark. */
export interface BenchContext {
  /** The databases to measure on, in order. */
  databases: DatabaseKind[];
  /** Present when `postgres` is among the databases. */
  postgres: PostgresCluster | undefined;
  /** Smaller sizes and shorter runs, to check the scripts rather than to publish figures. */
  quick: boolean;
}

export interface Benchmark {
  name: string;
  summary: string;
  run(context: BenchContext): Promise<void>;
}
