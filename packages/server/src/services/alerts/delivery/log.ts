/** Where the sender reports; Fastify's logger (pino) fits, as does anything with these three methods. */
export interface DeliveryLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Without a logger: warnings and errors to stderr, one line each. */
export const stderrDeliveryLog: DeliveryLog = {
  info: () => undefined,
  warn: (fields, message) => process.stderr.write(`luco-server: ${message} ${JSON.stringify(fields)}\n`),
  error: (fields, message) => process.stderr.write(`luco-server: ${message} ${JSON.stringify(fields)}\n`),
};
