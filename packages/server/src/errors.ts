/**
 * Errors a service throws to end a request with a given status; the error handler writes each as
 * an RFC 9457 problem document. (Bad input uses InputError from wire/input-error.ts.)
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, slug: string, title: string, detail: string, options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export const notFound = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(404, 'not-found', 'Not Found', detail, extensions ? { extensions } : {});

export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(409, 'conflict', 'Conflict', detail, extensions ? { extensions } : {});

export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });

export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail);
