/**
 * Where CREATE SERVICE takes its specification from: inline text (`FROM SPECIFICATION $$...$$`)
 * or a file on a stage (`FROM @stage SPECIFICATION_FILE = '...'`), which the emulator cannot hold.
 */
import { parseServiceSpec, type ServiceSpec, SpecError } from '../../sql/service-spec.js';
import { EmulatorSqlError, shown, unsupported } from '../errors.js';
import { requireObject, resolveObject } from '../names.js';
import { Parser } from '../parser.js';
import type { ExecContext } from '../registry.js';

export type SpecSource = { text: string } | { stage: { parts: string[]; dir: string }; path: string };

/** After FROM. */
export function parseSpecSource(p: Parser): SpecSource {
  if (p.acceptKw('SPECIFICATION')) return { text: p.string() };
  if (p.peek()?.type === 'stage') {
    const stage = parseStageRef(p.next().value);
    if (p.isKw('SPECIFICATION_TEMPLATE_FILE')) throw unsupported('CREATE SERVICE ... SPECIFICATION_TEMPLATE_FILE');
    p.expectKw('SPECIFICATION_FILE');
    p.expectPunct('=');
    return { stage, path: p.string() };
  }
  if (p.isKw('SPECIFICATION_TEMPLATE') || p.isKw('SPECIFICATION_FILE')) {
    throw unsupported(`CREATE SERVICE ... FROM ${p.peek()!.value.toUpperCase()}`);
  }
  throw p.fail();
}

/** `@db.s.stage[/dir]` as the lexer gives it (without @): the stage's name parts and the directory. */
function parseStageRef(text: string): { parts: string[]; dir: string } {
  let quoted = false;
  let cut = text.length;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '/' && !quoted) {
      cut = i;
      break;
    }
  }
  const p = Parser.of(text.slice(0, cut));
  const parts = p.qualifiedName(3);
  p.end();
  return { parts, dir: text.slice(cut + 1) };
}

/** The specification's YAML, checked; 395018 when it is not a valid service specification. */
export function parseSpec(text: string): ServiceSpec {
  try {
    return parseServiceSpec(text);
  } catch (e) {
    if (e instanceof SpecError) throw new EmulatorSqlError('395018', '22023', e.message);
    throw e;
  }
}

/**
 * The stage must exist, as in Snowflake. Files cannot be put on the emulator's stages, so the
 * file is never there: the statement fails as Snowflake fails for a missing file.
 */
export function readSpecFile(ctx: ExecContext, source: Extract<SpecSource, { path: string }>): never {
  const ref = resolveObject(ctx, source.stage.parts, 'CREATE SERVICE');
  requireObject(ctx, 'stage', 'Stage', ref);
  const file = [source.stage.dir, source.path].filter(Boolean).join('/').replace(/\/+/g, '/');
  throw new EmulatorSqlError(
    '002003',
    '02000',
    `SQL compilation error:\nSpecification file '${file}' does not exist on stage '@${shown(ref.database, ref.schema, ref.name)}' or not authorized. ` +
      'The local emulator cannot hold files on stages; give the specification inline (FROM SPECIFICATION $$...$$).',
  );
}
