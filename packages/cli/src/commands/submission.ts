import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { registerSubmissionCreate } from './submission-create.js';
import { registerSubmissionSearch } from './submission-search.js';
import { registerSubmissionShow } from './submission-show.js';

export function registerSubmission(program: Command, runtime: Runtime): void {
  const submission = program.command('submission').description('Submissions: processing runs against a slot');
  registerSubmissionCreate(submission, runtime);
  registerSubmissionShow(submission, runtime);
  registerSubmissionSearch(submission, runtime);
}
