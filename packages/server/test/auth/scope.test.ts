import { describe, expect, it } from 'vitest';
import { isAcceptedScope } from '../../src/auth/scope.js';

describe('isAcceptedScope', () => {
  it('accepts <resourceId>/.default in bare and api:// form', () => {
    expect(isAcceptedScope('luco/.default', 'luco')).toBe(true);
    expect(isAcceptedScope('api://luco/.default', 'luco')).toBe(true);
    expect(isAcceptedScope('  mydq/.default ', 'mydq')).toBe(true);
  });

  it('treats a missing scope as the default', () => {
    expect(isAcceptedScope(undefined, 'luco')).toBe(true);
    expect(isAcceptedScope('', 'luco')).toBe(true);
  });

  it('rejects other resources and extra scopes', () => {
    expect(isAcceptedScope('other/.default', 'luco')).toBe(false);
    expect(isAcceptedScope('luco', 'luco')).toBe(false);
    expect(isAcceptedScope('luco/.default openid', 'luco')).toBe(false);
    expect(isAcceptedScope('api://luco/.default', 'other')).toBe(false);
  });
});
