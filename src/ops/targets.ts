/**
 * What a tool call touches, for the deny/allow rules, and the gate the runner asks twice: once
 * with the call's arguments (before anything is read), once with the statements of its plan
 * (before anything runs). The arguments name the object a tool acts on (its kind is the tool's,
 * or the `kind` argument) and what it refers to (warehouses, a compute pool, predecessors, a
 * spec's stage and image repositories); list_objects is checked on the container it lists.
 * The plan's statements go through the same resolver as run_sql, so task bodies and anything a
 * tool builds are held to the same rules.
 */
import { isSnowopsError } from '../errors.js';
import { objectRef } from '../resources/objects.js';
import { checkSpec } from '../resources/service.js';
import type { ObjectKind } from '../resources/types.js';
import { classifyStatement } from '../sql/classifier.js';
import { parseName, parseQualifiedName } from '../sql/identifiers.js';
import type { Policy } from './policy.js';
import { createRuleCheck, hasRules, type Target, unresolvable } from './rules.js';
import { type SqlSession, sqlTargets, Unresolved } from './sql-targets.js';
import type { Plan, ToolDef } from './types.js';

/** The object each tool acts on: its kind (or the `kind` argument) and the argument with its name. */
const TOOL_OBJECTS: Record<string, { kind: ObjectKind | 'arg'; name?: string; listing?: true }> = {
  list_objects: { kind: 'arg', listing: true },
  describe_object: { kind: 'arg' },
  drop_object: { kind: 'arg' },
  undrop_object: { kind: 'arg' },
  create_database: { kind: 'database' },
  create_schema: { kind: 'schema' },
  create_table: { kind: 'table' },
  add_column: { kind: 'table', name: 'table' },
  create_stage: { kind: 'stage' },
  create_warehouse: { kind: 'warehouse' },
  resize_warehouse: { kind: 'warehouse' },
  suspend_warehouse: { kind: 'warehouse' },
  resume_warehouse: { kind: 'warehouse' },
  create_task: { kind: 'task' },
  resume_task: { kind: 'task' },
  suspend_task: { kind: 'task' },
  execute_task: { kind: 'task' },
  deploy_dag: { kind: 'dag' },
  run_dag: { kind: 'dag' },
  get_dag_runs: { kind: 'dag' },
  create_compute_pool: { kind: 'compute_pool' },
  suspend_compute_pool: { kind: 'compute_pool' },
  resume_compute_pool: { kind: 'compute_pool' },
  create_image_repository: { kind: 'image_repository' },
  create_service: { kind: 'service' },
  suspend_service: { kind: 'service' },
  resume_service: { kind: 'service' },
  get_service_status: { kind: 'service' },
  get_endpoints: { kind: 'service' },
  get_service_logs: { kind: 'service' },
};

type Args = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Args => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Args) : {});

/** `host/db/schema/repo/image:tag` names the image repository db.schema.repo (stored uppercase). */
function imageRepository(image: string): Target | null {
  const parts = image.split('/');
  if (parts.length < 5 || !parts[0].includes('.')) return null;
  return { kind: 'image_repository', path: parts.slice(1, 4).map((p) => p.toUpperCase()) };
}

/** Targets named by the call's arguments. Throws invalid_input as the tool would for bad names. */
export function argumentTargets(tool: ToolDef, args: Args): Target[] | null {
  const spec = TOOL_OBJECTS[tool.name];
  if (!spec) return null;
  const kind = spec.kind === 'arg' ? (str(args.kind) as ObjectKind) : spec.kind;
  const targets: Target[] = [];
  if (spec.listing) {
    const path = [args.database, args.schema].filter((v) => typeof v === 'string').map((v) => parseName(v as string));
    return [{ kind, path, listing: true }];
  }
  const ref = objectRef(kind, {
    database: str(args.database),
    schema: str(args.schema),
    name: str(args[spec.name ?? 'name']) ?? '',
  });
  const container = [ref.database, ref.schema].filter((p): p is string => p !== undefined);
  targets.push({ kind, path: [...container, ref.name] });
  // A DAG is its tasks: the root is named after it, the others <DAG>$<TASK>.
  if (kind === 'dag') {
    targets.push({ kind: 'task', path: [...container, ref.name] });
    const children = [...list(args.tasks), ...(args.finalizer ? [args.finalizer] : [])];
    for (const t of children) {
      const name = str(obj(t).name);
      if (name) targets.push({ kind: 'task', path: [...container, `${ref.name}$${parseName(name, 'task name')}`] });
    }
  }
  const warehouses = [
    args.warehouse,
    args.query_warehouse,
    ...[...list(args.tasks), args.finalizer].map((t) => obj(t).warehouse),
  ];
  for (const w of warehouses) {
    if (typeof w === 'string' && kind !== 'warehouse')
      targets.push({ kind: 'warehouse', path: [parseName(w, 'warehouse name')] });
  }
  const pool = str(args.compute_pool);
  if (pool) targets.push({ kind: 'compute_pool', path: [parseName(pool, 'compute pool name')] });
  if (kind === 'task') {
    for (const p of list(args.predecessors)) {
      if (typeof p !== 'string') continue;
      const parts = parseQualifiedName(p, [1, 3], 'predecessor');
      targets.push({ kind: 'task', path: [...container.slice(0, 3 - parts.length), ...parts] });
    }
  }
  const stage = str(obj(args.spec_file).stage);
  if (stage) {
    const parts = parseQualifiedName(stage.replace(/^@/, ''), [1, 3], 'stage name');
    targets.push({ kind: 'stage', path: [...container.slice(0, 3 - parts.length), ...parts] });
  }
  const yaml = str(args.spec);
  if (yaml) {
    try {
      for (const c of checkSpec(yaml).containers ?? []) {
        const repo = typeof c.image === 'string' ? imageRepository(c.image) : null;
        if (repo) targets.push(repo);
      }
    } catch (e) {
      if (!isSnowopsError(e)) throw e; // a bad spec is refused by the plan, with its own message
    }
  }
  return targets;
}

export interface PolicyGate {
  /** Before anything is read: the objects the arguments name (run_sql: its statement's). */
  call(tool: ToolDef, args: Args): Promise<void>;
  /** Before anything runs: the objects the plan's statements touch. */
  plan(tool: ToolDef, plan: Plan): Promise<void>;
}

/**
 * The gate for a policy, or null when it has no deny or allow rule. `session` tells the current
 * database and schema, asked only for unqualified names in SQL.
 */
export function createPolicyGate(policy: Policy, session: () => Promise<SqlSession>): PolicyGate | null {
  if (!hasRules(policy)) return null;
  const rules = createRuleCheck(policy);
  const fromSql = async (subject: string, sql: string): Promise<Target[]> => {
    try {
      return await sqlTargets(sql, session);
    } catch (e) {
      if (e instanceof Unresolved) throw unresolvable(subject, e.message, policy);
      throw e;
    }
  };
  return {
    async call(tool, args) {
      if (tool.name === 'run_sql' && typeof args.sql === 'string') {
        classifyStatement(args.sql); // bad SQL is bad input, whatever the policy says
        rules.check(await fromSql('this statement', args.sql));
        return;
      }
      const targets = argumentTargets(tool, args);
      if (!targets) throw unresolvable(tool.name, 'it is not a tool the policy rules know', policy);
      rules.check(targets);
    },
    async plan(tool, plan) {
      for (const sql of plan.statements) rules.check(await fromSql(`the plan of ${tool.name}`, sql));
    },
  };
}
