import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthError,
  DataQualityError,
  SlotNotFoundError,
  SlotSequenceNotFoundError,
  TokenEndpointError,
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
    ['a TokenEndpointError (a wrong token URL), though it is an AuthError too', new TokenEndpointError('not a token endpoint', { tokenUrl: 'https://x/t', status: 404 }), EXIT.tokenEndpoint],
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
  it('is one line, names the SDK error class, and names the flag and variable of a setting the SDK refused', () => {
    expect(errorMessage(apiError(404))).toBe('NotFoundError: 404 GET /x: nope (request id r1)');
    expect(errorMessage(new Error('two\n  lines'))).toBe('two lines');
    expect(errorMessage(new ValidationError('tokenUrl', 'not a valid URL: "x"'))).toBe('tokenUrl: not a valid URL: "x" (set with --token-url or LUCO_TOKEN_URL)');
    expect(errorMessage(new ValidationError('baseUrl', 'must use https, got http://lan:8080 (...)'))).toBe(
      'baseUrl: must use https, got http://lan:8080 (...) (set with --base-url or LUCO_BASE_URL; plain http with --allow-http)',
    );
    expect(errorMessage(new ValidationError('metrics', 'bad'))).toBe('metrics: bad');
    expect(errorMessage(new TokenEndpointError('The token URL https://x/t is not a token endpoint.', { tokenUrl: 'https://x/t' }))).toBe(
      'TokenEndpointError: The token URL https://x/t is not a token endpoint. (luco: --token-url, --tenant-id, --authority-host)',
    );
  });
});
