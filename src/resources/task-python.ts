/**
 * The python task definition as snowflake.core's StoredProcedureCall builds it: an anonymous
 * procedure with the code inline, called at once, so nothing is left behind when the task goes.
 *   WITH <handler>_sp AS PROCEDURE (ARG1 VARCHAR) RETURNS STRING LANGUAGE PYTHON
 *   RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python') HANDLER = '<handler>'
 *   AS $$<code>$$ CALL <handler>_sp('x')
 */
import { invalidInput } from '../errors.js';
import { dollarQuote, quoteString } from '../sql/identifiers.js';

export interface PythonDefinition {
  code: string;
  handler: string;
  packages?: string[];
  runtime_version?: string;
  args?: (string | number | boolean | null)[];
}

const HANDLER = /^[A-Za-z_][A-Za-z0-9_]{0,200}$/;
// name[extras] with an optional version constraint: pandas, pandas==2.1.4, snowflake-snowpark-python>=1.9
const PACKAGE = /^[A-Za-z0-9_.-]+(\[[A-Za-z0-9_,.-]+\])?((==|>=|<=|!=|~=|<|>)[A-Za-z0-9_.*+!-]+)?$/;
const SNOWPARK = 'snowflake-snowpark-python';

function argType(a: string | number | boolean | null): string {
  if (typeof a === 'number') return Number.isInteger(a) ? 'NUMBER' : 'FLOAT';
  if (typeof a === 'boolean') return 'BOOLEAN';
  return 'VARCHAR';
}

/** The task body for a python definition; `argList` renders the call's literal arguments. */
export function pythonBody(p: PythonDefinition, argList: (args: PythonDefinition['args']) => string): string {
  if (!HANDLER.test(p.handler)) {
    throw invalidInput(
      `python.handler ${JSON.stringify(p.handler)} is not a Python function name.`,
      'Give the name of a function defined in python.code, e.g. "main".',
    );
  }
  if (p.code.trim() === '') throw invalidInput('python.code is empty.', 'Give the Python source of the handler.');
  if (!p.code.includes(p.handler)) {
    throw invalidInput(
      `python.code does not mention the handler ${p.handler}.`,
      `Define def ${p.handler}(session, ...).`,
    );
  }
  const runtime = p.runtime_version ?? '3.11';
  if (!/^3\.\d{1,2}$/.test(runtime)) {
    throw invalidInput(`python.runtime_version ${JSON.stringify(runtime)} is not a Python 3 version like '3.11'.`);
  }
  const packages = [...(p.packages ?? [])];
  for (const pkg of packages) {
    if (!PACKAGE.test(pkg)) {
      throw invalidInput(
        `python.packages entry ${JSON.stringify(pkg)} is not a package name.`,
        "Write a name with an optional version, e.g. 'pandas' or 'pandas==2.1.4'.",
      );
    }
  }
  if (!packages.some((pkg) => pkg.toLowerCase().startsWith(SNOWPARK))) packages.unshift(SNOWPARK);
  const args = p.args ?? [];
  const params = args.map((a, i) => `ARG${i + 1} ${argType(a)}`).join(', ');
  const proc = `${p.handler}_sp`;
  return [
    `WITH ${proc} AS PROCEDURE (${params})`,
    'RETURNS STRING LANGUAGE PYTHON',
    `RUNTIME_VERSION = ${quoteString(runtime)}`,
    `PACKAGES = (${packages.map(quoteString).join(', ')})`,
    `HANDLER = ${quoteString(p.handler)}`,
    `AS ${dollarQuote(p.code)}`,
    `CALL ${proc}${argList(args)}`,
  ].join(' ');
}
