import { createOpenApiRouter } from './openapi.generated';

export { createOpenApiRouter, spec } from './openapi.generated';
export type { EndpointMap } from './openapi.types.generated';

/** The plugin's router: requests validated against the spec, handlers typed by it. */
export type MlopsMaturityRouter = ReturnType<typeof createOpenApiRouter>;
