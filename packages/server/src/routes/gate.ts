import type { FastifyReply } from 'fastify';
import type { AppContext, LucoApp } from '../context.js';
import { DEFAULT_GATE_POLICY, type GatePolicy, type GateVerdict } from '../domain/gate/verdict.js';
import { EXTENSION_NOTE } from '../schemas/alerts-common.js';
import { problemResponses } from '../schemas/common.js';
import { GATE_TAG, GateAnswerSchema, GateByIdParams, GateByIdQuery, GateByNameQuery } from '../schemas/gate.js';
import { type GateAnswer, GateService, type GateSubject } from '../services/gate/gate-service.js';
import type { SlotWaiters } from '../services/gate/slot-waiters.js';
import { parseNamePairs } from '../wire/name-pairs.js';
import { MAX_GATE_WAIT_MS, parseWaitMs } from '../wire/wait-duration.js';

const WAIT_NOTE = `With \`wait\` the answer comes as soon as the verdict is no longer \`while\` (default pending), or when the wait (at most ${MAX_GATE_WAIT_MS / 1000}s) is over, still \`while\`; ask again to wait longer. A server shutting down answers waiting requests at once.`;

/** The gate (readers): is a slot's delivery there and good enough to use? With an optional long poll. */
export async function gateRoutes(app: LucoApp, ctx: AppContext, waiters: SlotWaiters): Promise<void> {
  const gate = new GateService(ctx);

  app.get(
    '/lucots/v1/gate',
    {
      config: { role: 'reader' },
      schema: {
        tags: [GATE_TAG],
        summary: 'The verdict on a slot named by its sequence and tag: passed, failed or pending, with the reasons',
        description: `${EXTENSION_NOTE} An unknown or archived sequence, or a tag a scheduled sequence never expects, is a 404; a date the schedule expects gets its slot (as GET /slots/search/); an unscheduled sequence's tag with no slot yet is pending (noSlot). ${WAIT_NOTE}`,
        querystring: GateByNameQuery,
        response: { 200: GateAnswerSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const options = gateOptions(query);
      const subject = await gate.subjectByName(parseNamePairs(query.sequence, 'sequence'), query.tag);
      return answer(gate, waiters, subject, options, reply);
    },
  );

  app.get(
    '/lucots/v1/gate/slots/:slotId',
    {
      config: { role: 'reader' },
      schema: {
        tags: [GATE_TAG],
        summary: 'The verdict on a slot by its id: passed, failed or pending, with the reasons',
        description: `${EXTENSION_NOTE} ${WAIT_NOTE}`,
        params: GateByIdParams,
        querystring: GateByIdQuery,
        response: { 200: GateAnswerSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const options = gateOptions(request.query);
      return answer(gate, waiters, await gate.subjectById(request.params.slotId), options, reply);
    },
  );
}

interface GateOptions {
  policy: GatePolicy;
  waitMs: number;
  while: GateVerdict;
}

function gateOptions(query: { policy?: GatePolicy | undefined; wait?: string | undefined; while?: GateVerdict | undefined }): GateOptions {
  return { policy: query.policy ?? DEFAULT_GATE_POLICY, waitMs: query.wait === undefined ? 0 : parseWaitMs(query.wait, 'wait'), while: query.while ?? 'pending' };
}

/**
 * Reads the verdict and, while it is `options.while`, waits for a change of the slot and reads it
 * again, until the wait is over. The wait ends early when the client leaves (its waiter is freed)
 * or the server closes. Wall-clock time, not the app's clock: tests pin that one.
 */
async function answer(gate: GateService, waiters: SlotWaiters, first: GateSubject, options: GateOptions, reply: FastifyReply): Promise<GateAnswer> {
  const deadline = Date.now() + options.waitMs;
  const gone = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) gone.abort();
  };
  reply.raw.on('close', onClose);
  try {
    let seen = waiters.changeCount;
    let evaluation = await gate.evaluate(first, options.policy);
    while (evaluation.answer.verdict === options.while) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const reason = await waiters.wait(evaluation.watch, seen, left, gone.signal);
      if (reason === 'aborted') break;
      // A closing server's keep-alive connection would outlive the drain: this answer ends it.
      if (reason === 'closing') reply.header('connection', 'close');
      seen = waiters.changeCount;
      evaluation = await gate.evaluate(evaluation.subject, options.policy);
      if (reason !== 'changed') break;
    }
    return evaluation.answer;
  } finally {
    reply.raw.off('close', onClose);
  }
}
