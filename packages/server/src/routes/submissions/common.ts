import { problemResponses } from '../../schemas/common.js';

/** What the submission routes share: who may call them, their error answers and their paths. */

export const READ = { role: 'reader' as const };
export const WRITE = { role: 'writer' as const };
export const READ_ERRORS = problemResponses(400, 401, 403, 404);
export const WRITE_ERRORS = problemResponses(400, 401, 403, 404, 409, 422);
/** One submission; paths mix v1 and v2 exactly as LucoPy calls them. */
export const ONE = '/slots/:slotId/submissions/:submissionId';
export const ONE_V2 = `/v2${ONE}`;
