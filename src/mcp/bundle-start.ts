/**
 * What MCP clients start (dist/snowops-mcp.mjs): runs the bundled server beside it,
 * dist/snowops-mcp.cjs, through V8's code cache. Compiling the bundle is about a third of a cold
 * start; the cache (dist/snowops-mcp.cjs.v8cache) holds the compiled code, so a start after the
 * first skips that work. The cache is written after a start that had none or whose cache V8
 * refused (another Node version), and is bound to the bundle's SHA-256, computed when both files
 * are built: V8 itself checks only the source's length, and a rebuilt bundle of the same length
 * must not run stale code. Node 22 offers this as module.enableCompileCache(); Node 20 needs
 * vm.Script.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The SHA-256 of dist/snowops-mcp.cjs, set by scripts/bundle.mjs. */
declare const SNOWOPS_SERVER_SHA256: string;

const hash = Buffer.from(SNOWOPS_SERVER_SHA256, 'hex');
/** Long enough for an MCP client's initialize and tools/list, whose code the cache then includes. */
const WRITE_AFTER_MS = 1000;

const dir = dirname(fileURLToPath(import.meta.url));
const serverFile = join(dir, 'snowops-mcp.cjs');
const cacheFile = `${serverFile}.v8cache`;

const cachedData = readCache();
const script = new Script(Module.wrap(readFileSync(serverFile, 'utf8')), { filename: serverFile, cachedData });
if (cachedData === undefined || script.cachedDataRejected) writeCacheLater();

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(serverFile), module, serverFile, dir);

/** The cached code for this very bundle, or undefined (none yet, unreadable, another bundle's). */
function readCache(): Buffer | undefined {
  try {
    const file = readFileSync(cacheFile);
    return file.subarray(0, hash.length).equals(hash) ? file.subarray(hash.length) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Once, a second after start or at exit, whichever comes first. Best effort: a folder we cannot
 * write to only means every start compiles. Written to a temporary file then renamed, so two
 * servers starting at once never leave a torn cache.
 */
function writeCacheLater(): void {
  let done = false;
  const write = () => {
    if (done) return;
    done = true;
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, Buffer.concat([hash, script.createCachedData()]));
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}
