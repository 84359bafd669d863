#!/usr/bin/env node
// Turns src/schema/openapi.yaml, the one source of the REST contract, into the modules the
// router is built from: the spec as a constant with `createOpenApiRouter`, and the request
// and response types of every operation (openapi-typescript) as the EndpointMap that
// @backstage/backend-openapi-utils types a router with. Backstage's repo tools make the same
// two files with the Java openapi-generator, which cannot be fetched where this project
// builds. `--check` fails when either file is stale (CI runs it).
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { default: openapiTS, astToString } = require('openapi-typescript');

const HEADER = '// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.\n';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const schemaDir = path.resolve(__dirname, '../src/schema');

function routerModule(spec) {
  return `${HEADER}import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { EndpointMap } from './openapi.types.generated';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** An express router that validates requests against the spec, typed by it. */
export const createOpenApiRouter = (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >[1],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
`;
}

function endpointMap(spec) {
  const entries = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) {
        continue;
      }
      if (!operation.operationId) {
        throw new Error(`${method.toUpperCase()} ${route} has no operationId`);
      }
      const op = `operations[${JSON.stringify(operation.operationId)}]`;
      // The typed router looks DELETE up as `_delete`, as Backstage's generator writes it.
      const key = `#${method === 'delete' ? '_delete' : method}|${route}`;
      entries.push(`  ${JSON.stringify(key)}: {
    path: PathParams<${op}>;
    query: QueryParams<${op}>;
    body: RequestBody<${op}>;
    response: ResponseBody<${op}>;
  };`);
    }
  }
  return `
type Content<T> = T extends { content: infer C } ? C[keyof C] : never;
type PathParams<Op> = Op extends { parameters: { path: infer P } } ? P : never;
type QueryParams<Op> = Op extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
type RequestBody<Op> = Op extends { requestBody?: infer B }
  ? Content<NonNullable<B>>
  : never;
type ResponseBody<Op> = Op extends { responses: infer R }
  ? { [Status in keyof R]: Content<R[Status]> }[keyof R]
  : never;

/** Every operation, keyed as @backstage/backend-openapi-utils expects. */
export type EndpointMap = {
${entries.join('\n')}
};
`;
}

async function generate() {
  const spec = YAML.parse(
    fs.readFileSync(path.join(schemaDir, 'openapi.yaml'), 'utf8'),
  );
  const types = astToString(await openapiTS(spec));
  return {
    'openapi.generated.ts': routerModule(spec),
    'openapi.types.generated.ts': `${HEADER}/* eslint-disable */\n${types}${endpointMap(spec)}`,
  };
}

generate()
  .then(async files => {
    // Formatted as the repository formats TypeScript, so the check compares like with like.
    const prettier = require('prettier');
    const stale = [];
    for (const [name, text] of Object.entries(files)) {
      const target = path.join(schemaDir, name);
      const options = (await prettier.resolveConfig(target)) ?? {};
      const output = await prettier.format(text, { ...options, filepath: target });
      if (process.argv.includes('--check')) {
        if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== output) {
          stale.push(name);
        }
      } else {
        fs.writeFileSync(target, output);
      }
    }
    if (stale.length > 0) {
      console.error(
        `${stale.join(', ')} stale: run \`yarn workspace @mlops-maturity/backstage-plugin-mlops-maturity-backend generate:openapi\``,
      );
      process.exit(1);
    }
  })
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
