import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthError,
  DataQualityError,
  SlotNotFoundError,
  SlotSequenceNotFoundError,
  ValidationError,
} from '@lucots/sdk';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.js';
import { EXIT, exitCodeFor, NotFoundCliError, UsageError } from '../../src/exit-codes.js';

const apiError = (status: number): APIError =>
  APIError.generate({ status, method: 'GET', path: '/x', headers: new Headers(), body: { title: 'nope' }, requestId: 'r1' });

describe('exitCodeFor', () => {
  it.each([
    ['a ValidationError', new ValidationError('baseUrl', 'is required'), EXIT.usage],
    ['a UsageError', new UsageError('bad'), EXIT.usage],
    ['404', apiError(404), EXIT.notFound],
    ['SlotSequenceNotFoundError', new SlotSequenceNotFoundError('a=b'), EXIT.notFound],
    ['SlotNotFoundError', new SlotNotFoundError('t', 'a=b', 'why'), EXIT.notFound],
    ['NotFoundCliError', new NotFoundCliError('none'), EXIT.notFound],
    ['an AuthError (bad secret)', new AuthError('invalid_client', { status: 401 }), EXIT.auth],
    ['401', apiError(401), EXIT.auth],
    ['403', apiError(403), EXIT.auth],
    ['an AuthError because the token endpoint is unreachable', new AuthError('could not reach', { cause: new APIConnectionError('refused', { requestMayHaveBeenSent: false }) }), EXIT.unavailable],
    ['an AuthError with a 503 from the token endpoint', new AuthError('down', { status: 503 }), EXIT.unavailable],
    ['a connection error', new APIConnectionError('refused', { requestMayHaveBeenSent: false }), EXIT.unavailable],
    ['a timeout', new APIConnectionTimeoutError('slow'), EXIT.unavailable],
    ['500', apiError(500), EXIT.unavailable],
    ['429', apiError(429), EXIT.unavailable],
    ['409', apiError(409), EXIT.failure],
    ['400', apiError(400), EXIT.failure],
    ['DataQualityError', new DataQualityError(), EXIT.failure],
    ['anything else', new Error('boom'), EXIT.failure],
  ])('%s -> %i', (_label, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('errorMessage', () => {
  it('is one line, names the SDK error class, and hints at luco login for missing configuration', () => {
    expect(errorMessage(apiError(404))).toBe('NotFoundError: 404 GET /x: nope (request id r1)');
    expect(errorMessage(new Error('two\n  lines'))).toBe('two lines');
    expect(errorMessage(new ValidationError('credentials', 'missing clientId (LUCO_CLIENT_ID)'))).toMatch(/^credentials: missing clientId \(LUCO_CLIENT_ID\) \(run `luco login`/);
    expect(errorMessage(new ValidationError('metrics', 'bad'))).toBe('metrics: bad');
  });
});
