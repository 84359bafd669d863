// Adds the packed plugins to a freshly created Backstage app, as the README's "Adding the
// plugins to an existing Backstage app" tells a user to.
// Usage: node addPlugins.js <app dir> <tarball dir>
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [appDir, tarballDir] = process.argv.slice(2).map(p => path.resolve(p));

function editJson(file, edit) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

function editText(file, edit) {
  const before = fs.readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) {
    throw new Error(`${file} has changed shape; the edit no longer applies`);
  }
  fs.writeFileSync(file, after);
}

// Every package of ours resolves to its tarball, the ones the plugins depend on included:
// they are not on the registry.
const tarballs = {};
for (const file of fs.readdirSync(tarballDir)) {
  const manifest = JSON.parse(
    execFileSync(
      'tar',
      ['-xOzf', path.join(tarballDir, file), 'package/package.json'],
      { encoding: 'utf8' },
    ),
  );
  tarballs[manifest.name] = `file:${path.join(tarballDir, file)}`;
}

// The template's ranges can lag the registry: without the yarn.lock seed create-app fetches
// from GitHub (out of reach in CI), its `@backstage/backend-defaults@^0.18` meets plugins
// that need 0.19. `backstage-cli versions:bump` would fix that online; here the app takes
// the ranges of the Backstage release this repository is tested on, where both declare
// the same package.
const repoRoot = path.resolve(__dirname, '../..');
function alignWith(ourManifest, json) {
  const ours = JSON.parse(
    fs.readFileSync(path.join(repoRoot, ourManifest), 'utf8'),
  );
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(json[field] ?? {})) {
      const range = ours.dependencies?.[name] ?? ours.devDependencies?.[name];
      if (name.startsWith('@backstage/') && range) {
        json[field][name] = range;
      }
    }
  }
}

const BACKEND = '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
const FRONTEND = '@mlops-maturity/backstage-plugin-mlops-maturity';
const CLI = '@mlops-maturity/backstage-plugin-mlops-maturity-cli';

editJson(path.join(appDir, 'package.json'), json => {
  alignWith('package.json', json);
  json.resolutions = { ...json.resolutions, ...tarballs };
  json.devDependencies[CLI] = tarballs[CLI];
});
editJson(path.join(appDir, 'packages/backend/package.json'), json => {
  alignWith('packages/backend/package.json', json);
  json.dependencies[BACKEND] = tarballs[BACKEND];
});
editJson(path.join(appDir, 'packages/app/package.json'), json => {
  alignWith('packages/app/package.json', json);
  json.dependencies[FRONTEND] = tarballs[FRONTEND];
});

editText(path.join(appDir, 'packages/backend/src/index.ts'), text =>
  text.replace(
    /\nbackend\.start\(\);/,
    `\nbackend.add(import('${BACKEND}'));\n\nbackend.start();`,
  ),
);
editText(path.join(appDir, 'packages/app/src/App.tsx'), text =>
  text
    .replace(
      /^(import catalogPlugin from .*\n)/m,
      `$1import mlopsMaturityPlugin from '${FRONTEND}/alpha';\n`,
    )
    .replace(/features: \[catalogPlugin,/, 'features: [catalogPlugin, mlopsMaturityPlugin,'),
);

console.log(
  `added ${Object.keys(tarballs).length} packages: ${Object.keys(tarballs).join(', ')}`,
);
