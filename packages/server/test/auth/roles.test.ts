import { describe, expect, it } from 'vitest';
import { highestRole, isRole, roleAllows } from '../../src/auth/roles.js';

describe('roles', () => {
  it('recognises exactly the three roles', () => {
    expect(['reader', 'writer', 'admin'].every(isRole)).toBe(true);
    for (const value of ['Reader', 'owner', '', undefined, null, 1, ['admin'], 'toString']) {
      expect(isRole(value)).toBe(false);
    }
  });

  it('orders reader < writer < admin', () => {
    expect(roleAllows('admin', 'writer')).toBe(true);
    expect(roleAllows('admin', 'admin')).toBe(true);
    expect(roleAllows('writer', 'reader')).toBe(true);
    expect(roleAllows('writer', 'admin')).toBe(false);
    expect(roleAllows('reader', 'writer')).toBe(false);
    expect(roleAllows('reader', 'reader')).toBe(true);
  });

  it('picks the highest role regardless of order', () => {
    expect(highestRole(['reader', 'admin', 'writer'])).toBe('admin');
    expect(highestRole(['writer', 'reader'])).toBe('writer');
    expect(highestRole([])).toBeUndefined();
  });
});
