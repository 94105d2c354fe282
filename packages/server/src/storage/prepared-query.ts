import { createQueryId, type CompiledQuery, type Compilable, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';
import { runInTransaction } from './sqlite-direct.js';

/** Stands for the n-th value a prepared query is run with; Kysely carries it as a parameter. */
class Argument {
  constructor(readonly index: number) {}
}

/**
 * A statement Kysely builds and compiles once per database, then runs with new values: on the
 * write paths building and compiling a statement cost more CPU than running it (docs/benchmarks.md,
 * "OpenLineage ingest"). `build` is called once with stand-ins for the values: it must use them
 * only as values (in `where`, `values`, `set`, `sql` parameters), never to choose the SQL's shape.
 * Plugins on the database (tests count statements with one) still see every run.
 */
export class PreparedQuery<A extends readonly unknown[], R> {
  /** Per database (its dialect adapter): the compiled query, with stand-ins among its parameters. */
  readonly #compiled = new WeakMap<object, CompiledQuery<R>>();

  constructor(
    private readonly arity: A['length'],
    private readonly build: (db: Kysely<Database>, ...values: A) => Compilable<R> | RawBuilder<R>,
  ) {}

  async execute(db: Kysely<Database>, ...values: A): Promise<QueryResult<R>> {
    const executor = db.getExecutor();
    let compiled = this.#compiled.get(executor.adapter);
    if (!compiled) {
      compiled = this.#compile(db);
      this.#compiled.set(executor.adapter, compiled);
    }
    let parameters = bound(compiled, values);
    const direct = runInTransaction<R>(db, compiled.sql, parameters);
    if (direct) return direct;
    const queryId = createQueryId();
    if (executor.plugins.length > 0) {
      const node = executor.transformQuery(compiled.query, queryId);
      if (node !== compiled.query) {
        compiled = executor.compileQuery<R>(node, queryId);
        parameters = bound(compiled, values);
      }
    }
    return db.executeQuery<R>({ query: compiled.query, queryId, sql: compiled.sql, parameters });
  }

  #compile(db: Kysely<Database>): CompiledQuery<R> {
    const stand = Array.from({ length: this.arity }, (_, index) => new Argument(index)) as unknown as A;
    const plain = db.withoutPlugins();
    // A raw `sql` statement compiles with the database it runs on; a query builder already has it.
    const compiled = this.build(plain, ...stand).compile(plain);
    // Every value must reach the database as a parameter: a stand-in that vanished, or was written
    // into the SQL text, would send the wrong statement.
    const seen = new Set(compiled.parameters.filter((parameter): parameter is Argument => parameter instanceof Argument).map((parameter) => parameter.index));
    if (seen.size !== this.arity) throw new Error(`a prepared query must use each of its ${this.arity} values as a parameter: ${compiled.sql}`);
    return compiled;
  }
}

/** The query's parameters with each stand-in replaced by its value. */
function bound(compiled: CompiledQuery<unknown>, values: readonly unknown[]): unknown[] {
  return compiled.parameters.map((parameter) => (parameter instanceof Argument ? values[parameter.index] : parameter));
}
