// Lists the package folders (relative to the repository) that the MCP bundle's external
// dependencies need at run time: better-sqlite3 and snowflake-sdk with their dependency
// closures, as Node resolves them from this checkout. scripts/pack-bundle.sh copies them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL = ['better-sqlite3', 'snowflake-sdk'];

/** The folder Node would load `name` from when required from inside `fromDir`. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) return null;
  }
}

const seen = new Set();
const queue = EXTERNAL.map((name) => ({ name, from: root, optional: false }));
while (queue.length > 0) {
  const { name, from, optional } = queue.shift();
  const dir = resolvePackage(name, from);
  if (!dir) {
    if (optional) continue;
    throw new Error(`${name} (needed from ${relative(root, from) || '.'}) is not installed`);
  }
  if (seen.has(dir)) continue;
  seen.add(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
}
process.stdout.write(
  `${[...seen]
    .map((d) => relative(root, d))
    .sort()
    .join('\n')}\n`,
);
