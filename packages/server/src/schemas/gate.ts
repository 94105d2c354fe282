import { Type } from '@fastify/type-provider-typebox';
import { DEFAULT_GATE_POLICY, GATE_POLICIES, GATE_REASON_CODES, GATE_VERDICTS } from '../domain/gate/verdict.js';
import { MAX_NAME_PARTS } from '../wire/limits.js';
import { MAX_GATE_WAIT_MS } from '../wire/wait-duration.js';
import { stringEnum } from './alerts-common.js';
import { idSchema } from './common.js';

export const GATE_TAG = 'gate (LucoTS extension)';

const GateOptions = {
  policy: Type.Optional(
    stringEnum(
      GATE_POLICIES,
      `What passed requires of the latest submission (default ${DEFAULT_GATE_POLICY}): completed (it completed; quality results do not matter), noCancelledChecks (completed, and no quality result demanded a stop, action Cancelled), noFailedChecks (completed, and no quality check failed at all)`,
    ),
  ),
  wait: Type.Optional(
    Type.String({
      maxLength: 20,
      description: `Long poll: hold the request until the verdict is no longer \`while\` (default pending), at most this long: \`60s\`, \`1500ms\`, \`1m\` or seconds (\`30\`); at most ${MAX_GATE_WAIT_MS / 1000}s. Absent or 0: answer at once`,
    }),
  ),
  while: Type.Optional(stringEnum(GATE_VERDICTS, 'With `wait`: the verdict to wait out (default pending), e.g. the one the caller last saw')),
};

export const GateByNameQuery = Type.Object(
  {
    sequence: Type.Array(Type.String({ minLength: 1, maxLength: 600 }), {
      minItems: 1,
      maxItems: MAX_NAME_PARTS,
      description: 'The whole sequence name, one `key=value` part per value in the name\'s order: `sequence=client=acme&sequence=feed=sales`',
    }),
    tag: Type.String({ minLength: 1, maxLength: 400, description: 'The slot tag: a date YYYY-MM-DD for a scheduled sequence (its slot is created, as GET /slots/search/ does), any text for an unscheduled one' }),
    ...GateOptions,
  },
  { additionalProperties: false },
);

export const GateByIdParams = Type.Object({ slotId: idSchema('The slot id') });
export const GateByIdQuery = Type.Object(GateOptions, { additionalProperties: false });

const ReasonSchema = Type.Object({
  code: stringEnum(
    GATE_REASON_CODES,
    'noSlot (no slot has the tag yet), noSubmission, overdue (no submission and expectedBy passed), runInProgress, runFailed (the latest run Failed), qualityCancelled (a quality result demanded a stop), checksFailed, completed, checksAllowed (failed checks the policy lets pass)',
  ),
  message: Type.String(),
  checks: Type.Optional(Type.Array(Type.String(), { description: 'The checks the reason is about, by name' })),
});

export const GateAnswerSchema = Type.Object(
  {
    verdict: stringEnum(GATE_VERDICTS, 'passed: the latest submission meets the policy; failed: it failed or its quality results fail the policy; pending: not yet (no slot, no submission, a run in progress)'),
    policy: stringEnum(GATE_POLICIES, 'The policy the verdict applies'),
    reasons: Type.Array(ReasonSchema, { description: 'Why, in order' }),
    slotSequenceId: Type.Integer(),
    tag: Type.String(),
    slotId: Type.Union([Type.Integer(), Type.Null()], { description: 'null while an unscheduled sequence has no slot with the tag' }),
    expectedBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the delivery is due; null for an unscheduled slot' }),
    latestSubmission: Type.Union([Type.Object({ slotSubmissionId: Type.Integer(), status: Type.String({ description: 'The roll-up: InProgress, Failed, CompletedWithFailures, CompletedWithoutFailures' }) }), Type.Null()]),
    checkedOn: Type.String({ format: 'date-time', description: 'When the server read the verdict' }),
  },
  { $id: 'GateVerdict' },
);
