#!/usr/bin/env node
// Turns src/schema/openapi.yaml into the typed module the router imports, so the spec
// has one source. `--check` fails when the generated module is stale (CI runs it).
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const schemaDir = path.resolve(__dirname, '../src/schema');
const spec = YAML.parse(fs.readFileSync(path.join(schemaDir, 'openapi.yaml'), 'utf8'));
const output = `// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.
export const spec = ${JSON.stringify(spec, null, 2)} as const;
`;
const target = path.join(schemaDir, 'openapi.generated.ts');
if (process.argv.includes('--check')) {
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== output) {
    console.error('openapi.generated.ts is stale: run `yarn workspace @mlops-maturity/backstage-plugin-mlops-maturity-backend generate:openapi`');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, output);
}
