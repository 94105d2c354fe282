/**
 * Lazy paging over Luco's `pageNumber`/`pageSize` lists. Awaiting a PagedList gives its first page;
 * `for await` walks every item, fetching each page only when the previous one is used up. There is
 * no probe request, the page size never changes between pages (so offsets stay aligned), and a
 * page size of 0 is never sent.
 */

export interface PageData<T> {
  items: T[];
  totalCount: number;
}

export type PageFetcher<T> = (pageNumber: number, pageSize: number) => Promise<PageData<T>>;

export interface Page<T> {
  items: T[];
  /** How many items match the filters on the server, across all pages. */
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  hasNextPage(): boolean;
  /** The next page; throws when there is none (check hasNextPage first). */
  getNextPage(): Promise<Page<T>>;
}

export class PagedList<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: PageFetcher<T>;
  readonly #pageSize: number;
  readonly #limit: number;
  #first: Promise<Page<T>> | undefined;

  constructor(fetcher: PageFetcher<T>, options: { pageSize: number; limit?: number | undefined }) {
    this.#fetch = fetcher;
    this.#limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.#pageSize = Math.min(options.pageSize, this.#limit);
  }

  firstPage(): Promise<Page<T>> {
    this.#first ??= this.#load(1);
    return this.#first;
  }

  then<R1 = Page<T>, R2 = never>(
    onFulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  async *iterPages(): AsyncGenerator<Page<T>> {
    let page = await this.firstPage();
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.items;
  }

  /** Every item (up to `limit`), in order. */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }

  async #load(pageNumber: number): Promise<Page<T>> {
    const pageSize = this.#pageSize;
    const data = await this.#fetch(pageNumber, pageSize);
    const before = (pageNumber - 1) * pageSize;
    const room = Math.max(0, this.#limit - before);
    const items = data.items.slice(0, room);
    const seen = before + items.length;
    const more = data.items.length >= pageSize && seen < data.totalCount && seen < this.#limit;
    return {
      items,
      totalCount: data.totalCount,
      pageNumber,
      pageSize,
      hasNextPage: () => more,
      getNextPage: () => {
        if (!more) return Promise.reject(new RangeError('There is no next page'));
        return this.#load(pageNumber + 1);
      },
    };
  }
}
