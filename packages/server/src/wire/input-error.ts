/** One thing wrong with a request: the parameter or field (a path) and what was wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Bad input found by a service or a wire parser; the error handler turns it into a 400 problem
 * document listing every problem.
 */
export class InputError extends Error {
  readonly problems: FieldProblem[];
  readonly status: number;

  constructor(problems: FieldProblem[], status = 400) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
    this.problems = problems;
    this.status = status;
  }

  static of(field: string, message: string, status = 400): InputError {
    return new InputError([{ field, message }], status);
  }
}
