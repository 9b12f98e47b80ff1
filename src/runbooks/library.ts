/**
 * Where runbooks come from: the built-in ones in the package's top-level runbooks/ (found from
 * this module's location, so it works from the sources, from dist/ and from the MCP bundle),
 * then $SNOWOPS_HOME/runbooks/, then --runbooks DIR. A later folder's runbook replaces an
 * earlier one of the same name. A file that does not load is kept aside with its error, so one
 * broken file does not hide the others.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidInput, isSnowopsError, SnowopsError } from '../errors.js';
import type { ToolDef } from '../ops/types.js';
import { loadRunbookFile } from './loader.js';
import type { Runbook, RunbookOrigin } from './types.js';

export interface RunbookDir {
  dir: string;
  origin: RunbookOrigin;
}

export interface BrokenRunbook {
  /** The file's name without .yaml: the name it would most likely have. */
  name: string;
  file: string;
  error: SnowopsError;
}

export interface Library {
  /** By name, in name order. */
  runbooks: Runbook[];
  broken: BrokenRunbook[];
}

const isYaml = (file: string) => ['.yaml', '.yml'].includes(extname(file).toLowerCase());

function hasYaml(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).some(isYaml);
  } catch {
    return false;
  }
}

/** The package's runbooks/: the nearest folder of that name, above this module, that holds YAML. */
export function builtinRunbookDir(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'runbooks');
    if (hasYaml(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The folders to read, built-in first; `extra` (--runbooks DIR) must exist. */
export function runbookDirs(home: string, extra?: string): RunbookDir[] {
  const dirs: RunbookDir[] = [];
  const builtin = builtinRunbookDir();
  if (builtin) dirs.push({ dir: builtin, origin: 'built-in' });
  dirs.push({ dir: join(home, 'runbooks'), origin: 'home' });
  if (extra !== undefined) {
    const dir = resolve(extra);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw invalidInput(`--runbooks: ${dir} is not a folder.`, 'Give a folder that holds runbook YAML files.');
    }
    dirs.push({ dir, origin: 'dir' });
  }
  return dirs;
}

export function loadLibrary(dirs: readonly RunbookDir[], catalog: readonly ToolDef[]): Library {
  const byName = new Map<string, Runbook>();
  const broken = new Map<string, BrokenRunbook>();
  for (const { dir, origin } of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter(isYaml).sort();
    } catch {
      continue; // $SNOWOPS_HOME/runbooks need not exist
    }
    for (const name of files) {
      const file = join(dir, name);
      try {
        const runbook = loadRunbookFile(file, catalog, origin);
        byName.set(runbook.name, runbook);
        broken.delete(runbook.name);
      } catch (e) {
        const error = isSnowopsError(e) ? e : new SnowopsError('internal', String(e), { cause: e });
        const stem = basename(name, extname(name));
        broken.set(stem, { name: stem, file, error });
      }
    }
  }
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { runbooks: sorted, broken: [...broken.values()].filter((b) => !byName.has(b.name)) };
}

/** A path (has a slash or ends in .yaml/.yml) is read as a file; anything else is a name. */
export function looksLikeFile(nameOrFile: string): boolean {
  return /[/\\]/.test(nameOrFile) || isYaml(nameOrFile);
}

/** The runbook a command names: a file, or a name from the library. */
export function findRunbook(library: Library, nameOrFile: string, catalog: readonly ToolDef[]): Runbook {
  if (looksLikeFile(nameOrFile)) return loadRunbookFile(nameOrFile, catalog, 'file');
  const found = library.runbooks.find((r) => r.name === nameOrFile);
  if (found) return found;
  const broken = library.broken.find((b) => b.name === nameOrFile);
  if (broken) throw broken.error;
  const names = library.runbooks.map((r) => r.name);
  throw invalidInput(
    `There is no runbook named "${nameOrFile}".`,
    names.length > 0 ? `Runbooks: ${names.join(', ')}.` : 'No runbooks were found; give the path of a YAML file.',
  );
}
