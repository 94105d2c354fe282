/** How long each phase of an engine pass took, for the one log line a busy pass writes. */
export class PassTiming {
  readonly #phases: Array<[string, number]> = [];

  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#phases.push([name, performance.now() - started]);
    }
  }

  /** `materialize 3 ms, scan 120 ms, ...` */
  describe(): string {
    return this.#phases.map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(', ');
  }
}
