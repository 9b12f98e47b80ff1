/**
 * `npm run bench`: runs every benchmark in bench/ (each file not starting with `_` that exports
 * `run(): Promise<BenchSection>`) and writes its section of docs/benchmarks.md. Pass names to
 * run only some (`node dist/bench/run.js mcp-startup`); other sections stay as they were.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchSection {
  /** The file's name without extension; marks its section in the document. */
  name: string;
  title: string;
  markdown: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'benchmarks.md');
const HEADER = '# Benchmarks\n\nWritten by `npm run bench`; each section says when and where it was measured.\n';

function replaceSection(doc: string, section: BenchSection, load: number): string {
  const begin = `<!-- bench:${section.name} -->`;
  const end = `<!-- /bench:${section.name} -->`;
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${platform()} ${arch()}, Node ${process.versions.node}`;
  const body = `${begin}\n## ${section.title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}, load average ${load.toFixed(1)} when it started.\n\n${section.markdown}\n${end}`;
  const at = doc.indexOf(begin);
  const until = doc.indexOf(end);
  if (at >= 0 && until > at) return doc.slice(0, at) + body + doc.slice(until + end.length);
  return `${doc.trimEnd()}\n\n${body}\n`;
}

const wanted = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.js') && !f.startsWith('_') && f !== 'run.js')
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.js')))
  .sort();
let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
for (const file of files) {
  process.stderr.write(`bench ${file} ...\n`);
  const mod = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as {
    run?: () => Promise<BenchSection>;
  };
  if (!mod.run) continue;
  const load = loadavg()[0]!;
  const section = await mod.run();
  process.stdout.write(`\n## ${section.title}\n\n${section.markdown}\n`);
  doc = replaceSection(doc, section, load);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(DOC, doc);
}
