/** The server's version, as announced in the OpenAPI document. A test keeps it equal to package.json's. */
export const SERVER_VERSION = '0.1.0';
