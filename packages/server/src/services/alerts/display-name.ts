const CONTROL = /[\u0000-\u001f\u007f]/;

/** The longest name a channel or rule may have. */
export const MAX_DISPLAY_NAME = 100;

/** Why a channel or rule name cannot be used (blank, control characters), or undefined. Names are unique, compared exactly. */
export function displayNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'must not be blank';
  if (CONTROL.test(name)) return 'must not contain control characters';
  return undefined;
}
