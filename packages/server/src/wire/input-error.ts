/** One thing wrong with a request: the parameter or field (a path) and what was wrong. */
export interface FieldProblem {
  field: string;
  message: string;
  /** Where the field is: `query`, `path`, `body` or `header`, when that is not plain from the field. */
  in?: string;
}

/**
 * How many problems one answer lists. A request with a million bad items gets the first ones and
 * a count of the rest, not a response a hundred times its size.
 */
export const MAX_LISTED_PROBLEMS = 25;

/** The first MAX_LISTED_PROBLEMS problems, and one more saying how many were left out. */
export function listedProblems<T extends FieldProblem>(problems: readonly T[]): FieldProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return [...problems];
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return [...problems.slice(0, MAX_LISTED_PROBLEMS), { field: 'request', message: `has ${more} more ${more === 1 ? 'problem' : 'problems'}, not listed` }];
}

/**
 * Bad input found by a service or a wire parser; the error handler turns it into a 400 problem
 * document listing the problems (at most MAX_LISTED_PROBLEMS of them).
 */
export class InputError extends Error {
  readonly problems: FieldProblem[];
  readonly status: number;

  constructor(problems: readonly FieldProblem[], status = 400) {
    const listed = listedProblems(problems);
    super(listed.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
    this.problems = listed;
    this.status = status;
  }

  static of(field: string, message: string, status = 400): InputError {
    return new InputError([{ field, message }], status);
  }
}
