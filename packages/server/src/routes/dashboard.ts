import type { AppContext, LucoApp } from '../context.js';
import { problemResponses } from '../schemas/common.js';
import { CalendarQuery, CalendarSchema, MetricSeriesQuery, MetricSeriesSchema, SlotIdPathParams, SlotSubmissionsSchema } from '../schemas/dashboard.js';
import { SlotSequenceIdParams } from '../schemas/slot-sequence.js';
import { CalendarService } from '../services/dashboard/calendar.js';
import { MetricSeriesService } from '../services/dashboard/metric-series.js';
import { SlotSubmissionsService } from '../services/dashboard/slot-submissions.js';
import type { DashboardEvents } from '../services/events/dashboard-events.js';

const TAG = 'dashboard';
const NOTE = 'A LucoTS extension for the dashboard (docs/dashboard-api.md).';

/** The reads the dashboard needs beyond the Luco API: a sequence's calendar and metric trends, a slot's submissions, live events. */
export async function dashboardRoutes(app: LucoApp, ctx: AppContext, events: DashboardEvents): Promise<void> {
  const calendar = new CalendarService(ctx);
  const series = new MetricSeriesService(ctx);
  const submissions = new SlotSubmissionsService(ctx);

  app.get(
    '/lucots/v1/slot-sequences/:slotSequenceId/calendar',
    {
      config: { role: 'reader' },
      schema: {
        tags: [TAG],
        summary: "A sequence's slots by day with their health, for a window of at most 400 days",
        description: `${NOTE} Scheduled sequences: every slot the schedule expects in the window (created on first read, as a lookup by date would). Unscheduled: the slots created in the window (UTC days).`,
        params: SlotSequenceIdParams,
        querystring: CalendarQuery,
        response: { 200: CalendarSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => calendar.calendar(request.params.slotSequenceId, request.query),
  );

  app.get(
    '/lucots/v1/slot-sequences/:slotSequenceId/metric-series',
    {
      config: { role: 'reader' },
      schema: {
        tags: [TAG],
        summary: "Trends of a sequence's numeric metrics across its slots (each slot's latest submission), plus run durations",
        description: `${NOTE} Values recorded as JSON numbers only; of one stage and metric in one submission, the last recorded.`,
        params: SlotSequenceIdParams,
        querystring: MetricSeriesQuery,
        response: { 200: MetricSeriesSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => series.series(request.params.slotSequenceId, { from: request.query.from, to: request.query.to, stages: request.query.stage, metrics: request.query.metric }),
  );

  app.get(
    '/lucots/v1/slots/:slotId/submissions',
    {
      config: { role: 'reader' },
      schema: {
        tags: [TAG],
        summary: "A slot's submissions, newest first, with their latest stage and run environments",
        description: NOTE,
        params: SlotIdPathParams,
        response: { 200: SlotSubmissionsSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => submissions.list(request.params.slotId),
  );

  app.get(
    '/lucots/v1/events',
    {
      config: { role: 'reader' },
      schema: {
        tags: [TAG],
        summary: 'Server-sent events: what changed, so a page refetches what it shows',
        description:
          `${NOTE} \`text/event-stream\`. Event \`slot\` \`{ "slotId", "slotSequenceId" }\` when a slot's health changes; ` +
          'event `resync` `{}` when changes may have been missed (refetch everything shown); a comment line every 25 seconds keeps the stream open. ' +
          'Works with the session cookie (EventSource) or a bearer token.',
        response: {
          200: { description: 'The event stream; it ends when the server shuts down (the browser reconnects)', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...problemResponses(401, 403),
        },
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // The socket goes with the stream: nothing waits on an idle keep-alive at shutdown.
        connection: 'close',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const close = events.open({
        write: (text) => {
          if (!res.writableEnded) res.write(text);
        },
        end: () => {
          if (!res.writableEnded) res.end();
        },
      });
      // Fires when the client goes away (and after the stream ends).
      res.on('close', close);
      return reply;
    },
  );
}
