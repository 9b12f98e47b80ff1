/**
 * Snowpark Container Services tools: compute pools, image repositories, services and what a
 * running service reports. Thin: names are parsed here; SQL, plans and models live in
 * src/resources (compute_pool, image_repository, service, spcs, service_status).
 */
import * as z from 'zod';
import { invalidInput } from '../src/errors.js';
import { createMode, mutationFields, mutationOutput } from '../src/ops/schemas.js';
import type { ReadTool, ToolContext, WriteTool } from '../src/ops/types.js';
import { computePoolModel } from '../src/resources/compute_pool.js';
import { imageRepositoryModel } from '../src/resources/image_repository.js';
import { describeObject } from '../src/resources/objects.js';
import { type ServiceRef, serviceModel } from '../src/resources/service.js';
import {
  containerStatusModel,
  endpointModel,
  getEndpoints,
  getServiceLogs,
  getServiceStatus,
} from '../src/resources/service_status.js';
import {
  planCreateComputePool,
  planCreateImageRepository,
  planCreateService,
  planResumeComputePool,
  planResumeService,
  planSuspendComputePool,
  planSuspendService,
  poolRef,
} from '../src/resources/spcs.js';
import { parseName, parsePlainName, parseQualifiedName } from '../src/sql/identifiers.js';
import { objectRef } from './objects.js';

const PLAIN =
  'A plain identifier (letters, digits, _ and $; stored uppercase: MyComputePool -> MYCOMPUTEPOOL). Snowflake does not allow quoted names here.';
const poolName = z.string().describe(`The compute pool's name. ${PLAIN}`);
const serviceFields = {
  database: z.string().describe(`The service's database. ${PLAIN}`),
  schema: z.string().describe(`The service's schema (e.g. PUBLIC). ${PLAIN}`),
  name: z.string().describe(`The service's name. ${PLAIN}`),
};
const noOrReplace = z
  .enum(['error_if_exists', 'if_not_exists'])
  .default('error_if_exists')
  .describe(
    'error_if_exists (default) fails if it exists; if_not_exists keeps an existing one. Snowflake has no CREATE OR REPLACE for this kind: drop it first to replace it.',
  );

const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const DISRUPTIVE = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const CONFIRM_NOTE =
  'By default the first call returns confirmation_required with the plan; show it to the person and call again with confirmation_token only after they approve.';

function pool(name: string): string {
  return parsePlainName(name, 'compute pool name');
}

function serviceOf(args: { database: string; schema: string; name: string }): ServiceRef {
  const ref = objectRef('service', args);
  return { database: ref.database!, schema: ref.schema!, name: ref.name };
}

async function poolNow(name: string, ctx: ToolContext, message: string) {
  return { message, object: await describeObject(ctx.client, poolRef(pool(name))) };
}

async function serviceNow(args: { database: string; schema: string; name: string }, ctx: ToolContext, message: string) {
  return { message, object: await describeObject(ctx.client, objectRef('service', args)) };
}

// ---- compute pools -----------------------------------------------------------------------

const createPoolInput = z.object({
  name: poolName,
  instance_family: z
    .string()
    .describe('Machine type of its nodes: CPU_X64_XS, CPU_X64_S, CPU_X64_M, CPU_X64_L, HIGHMEM_X64_S, GPU_NV_S, ...'),
  min_nodes: z.number().int().min(1).max(150).describe('Nodes it keeps running (at least 1).'),
  max_nodes: z.number().int().min(1).max(150).describe('Nodes it may grow to (at least min_nodes).'),
  auto_resume: z.boolean().optional().describe('Resume when a service needs it (default true).'),
  auto_suspend_secs: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Seconds without services before it suspends (default 3600; 0 never).'),
  initially_suspended: z.boolean().optional().describe('Create it suspended (default false: nodes start now).'),
  comment: z.string().optional().describe('A comment stored with the pool.'),
  mode: noOrReplace,
  ...mutationFields,
});

export const createComputePoolTool: WriteTool<typeof createPoolInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_compute_pool',
  title: 'Create a compute pool',
  description:
    'Creates a Snowpark Container Services compute pool (CREATE COMPUTE POOL). It is STARTING for a while, then IDLE, ACTIVE while services run. Nodes are billed while it runs. No or_replace mode (Snowflake has none). Returns status done with the pool model.',
  toolset: 'spcs',
  input: createPoolInput,
  output: mutationOutput(computePoolModel),
  annotations: WRITE,
  nameFields: ['name'],
  plan(args, ctx) {
    return planCreateComputePool(ctx.client, {
      name: pool(args.name),
      ifNotExists: args.mode === 'if_not_exists',
      instanceFamily: args.instance_family,
      minNodes: args.min_nodes,
      maxNodes: args.max_nodes,
      autoResume: args.auto_resume,
      autoSuspendSecs: args.auto_suspend_secs,
      initiallySuspended: args.initially_suspended,
      comment: args.comment,
    });
  },
  after: (args, _plan, ctx) => poolNow(args.name, ctx, `Compute pool ${pool(args.name)} created.`),
};

const suspendPoolInput = z.object({
  name: poolName,
  stop_all_services: z
    .boolean()
    .optional()
    .describe(
      'First run ALTER COMPUTE POOL ... STOP ALL, which DROPS every service in the pool (destructive, cannot be undone). Default false: its services are only suspended.',
    ),
  ...mutationFields,
});

export const suspendComputePoolTool: WriteTool<typeof suspendPoolInput> = {
  kind: 'write',
  effect: 'disruptive',
  name: 'suspend_compute_pool',
  title: 'Suspend a compute pool',
  description: `Suspends a compute pool and with it the services running in it (ALTER COMPUTE POOL ... SUSPEND): disruptive. With stop_all_services it first drops all its services (STOP ALL): destructive, and the plan lists the services that go. ${CONFIRM_NOTE} Returns status done with the pool model.`,
  toolset: 'spcs',
  input: suspendPoolInput,
  output: mutationOutput(computePoolModel),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  nameFields: ['name'],
  plan: (args, ctx) => planSuspendComputePool(ctx.client, pool(args.name), args.stop_all_services ?? false),
  after: (args, _plan, ctx) => poolNow(args.name, ctx, `Compute pool ${pool(args.name)} suspended.`),
};

const poolInput = z.object({ name: poolName, ...mutationFields });

export const resumeComputePoolTool: WriteTool<typeof poolInput> = {
  kind: 'write',
  effect: 'write',
  name: 'resume_compute_pool',
  title: 'Resume a compute pool',
  description:
    'Resumes a suspended compute pool (ALTER COMPUTE POOL ... RESUME); it is STARTING for a while. Its suspended services stay suspended until resume_service. Returns status done with the pool model.',
  toolset: 'spcs',
  input: poolInput,
  output: mutationOutput(computePoolModel),
  annotations: DISRUPTIVE,
  nameFields: ['name'],
  plan: (args, ctx) => planResumeComputePool(ctx.client, pool(args.name)),
  after: (args, _plan, ctx) => poolNow(args.name, ctx, `Compute pool ${pool(args.name)} resumed.`),
};

// ---- image repositories ------------------------------------------------------------------

const createRepoInput = z.object({
  database: z.string().describe('The database.'),
  schema: z.string().describe('The schema (e.g. PUBLIC).'),
  name: z.string().describe('The image repository name (plain names are stored uppercase).'),
  mode: createMode,
  ...mutationFields,
});

export const createImageRepositoryTool: WriteTool<typeof createRepoInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_image_repository',
  title: 'Create an image repository',
  description:
    "Creates an image repository (CREATE IMAGE REPOSITORY). Returns status done with the model, whose repository_url is where images are pushed (docker login <host>, docker tag, docker push) and what a service spec's image starts with: <repository_url>/nginx:latest. With mode or_replace over an existing repository the call is destructive (its images are deleted) and returns confirmation_required first.",
  toolset: 'spcs',
  input: createRepoInput,
  output: mutationOutput(imageRepositoryModel),
  annotations: { ...WRITE, destructiveHint: true },
  nameFields: ['database', 'schema', 'name'],
  plan: (args, ctx) => planCreateImageRepository(ctx.client, objectRef('image_repository', args), args.mode),
  async after(args, _plan, ctx) {
    const ref = objectRef('image_repository', args);
    return {
      message: `Image repository ${ref.database}.${ref.schema}.${ref.name} created.`,
      object: await describeObject(ctx.client, ref),
    };
  },
};

// ---- services ----------------------------------------------------------------------------

const createServiceInput = z.object({
  ...serviceFields,
  compute_pool: poolName.describe(`The compute pool it runs in. ${PLAIN}`),
  spec: z
    .string()
    .optional()
    .describe(
      'The service specification as YAML text: spec.containers (each with name and image, e.g. <repository_url>/nginx:latest) and optional spec.endpoints (name, port, public). Give spec or spec_file.',
    ),
  spec_file: z
    .object({
      stage: z
        .string()
        .describe('The stage holding the file: NAME (in the service schema), SCHEMA.NAME or DB.SCHEMA.NAME.'),
      path: z.string().describe('The file path on the stage, e.g. specs/echo_spec.yaml.'),
    })
    .optional()
    .describe('A specification file on a stage, instead of spec.'),
  min_instances: z.number().int().min(1).optional().describe('Instances to run (default 1).'),
  max_instances: z.number().int().min(1).optional().describe('Instances it may scale to (default min_instances).'),
  query_warehouse: z.string().optional().describe('Warehouse for queries the containers run without one of their own.'),
  external_access_integrations: z
    .array(z.string())
    .optional()
    .describe('External access integrations that let the containers reach the internet.'),
  comment: z.string().optional().describe('A comment stored with the service.'),
  mode: noOrReplace,
  ...mutationFields,
});

function specFile(args: { database: string; schema: string }, file: { stage: string; path: string }) {
  const parts = parseQualifiedName(file.stage.replace(/^@/, ''), [1, 3], 'stage name');
  const database = parsePlainName(args.database, 'database name');
  const schema = parsePlainName(args.schema, 'schema name');
  const stage = parts.length === 3 ? parts : parts.length === 2 ? [database, ...parts] : [database, schema, ...parts];
  if (file.path.trim() === '')
    throw invalidInput('spec_file.path is empty.', 'Give the path of the YAML file on the stage.');
  return { stage, path: file.path };
}

export const createServiceTool: WriteTool<typeof createServiceInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_service',
  title: 'Create a service',
  description:
    'Creates a Snowpark Container Services service in a compute pool from a YAML spec (inline) or a spec file on a stage. The spec is checked first: no containers, a container without image, or YAML that does not parse is refused and nothing is created. The service is PENDING, then RUNNING; public endpoints take longer (see get_endpoints). No or_replace mode (Snowflake has none). Returns status done with the service model.',
  toolset: 'spcs',
  input: createServiceInput,
  output: mutationOutput(serviceModel),
  annotations: WRITE,
  nameFields: ['database', 'schema', 'name', 'compute_pool', 'query_warehouse', 'external_access_integrations'],
  plan(args, ctx) {
    if ((args.spec === undefined) === (args.spec_file === undefined)) {
      throw invalidInput(
        args.spec === undefined ? 'A service needs a specification.' : 'Give either spec or spec_file, not both.',
        'Pass spec (the YAML text) or spec_file ({ stage, path }).',
      );
    }
    return planCreateService(ctx.client, {
      ...serviceOf(args),
      ifNotExists: args.mode === 'if_not_exists',
      computePool: pool(args.compute_pool),
      spec: args.spec,
      specFile: args.spec_file ? specFile(args, args.spec_file) : undefined,
      minInstances: args.min_instances,
      maxInstances: args.max_instances,
      queryWarehouse:
        args.query_warehouse === undefined ? undefined : parseName(args.query_warehouse, 'warehouse name'),
      externalAccessIntegrations: args.external_access_integrations?.map((n) => parseName(n, 'integration name')),
      comment: args.comment,
    });
  },
  after: (args, _plan, ctx) => serviceNow(args, ctx, `Service ${fullName(args)} created.`),
};

function fullName(args: { database: string; schema: string; name: string }): string {
  const s = serviceOf(args);
  return `${s.database}.${s.schema}.${s.name}`;
}

const serviceInput = z.object({ ...serviceFields, ...mutationFields });

export const suspendServiceTool: WriteTool<typeof serviceInput> = {
  kind: 'write',
  effect: 'disruptive',
  name: 'suspend_service',
  title: 'Suspend a service',
  description: `Suspends a service (ALTER SERVICE ... SUSPEND): its containers stop and its endpoints stop answering until resume_service. Disruptive. ${CONFIRM_NOTE} Returns status done with the service model.`,
  toolset: 'spcs',
  input: serviceInput,
  output: mutationOutput(serviceModel),
  annotations: DISRUPTIVE,
  nameFields: ['database', 'schema', 'name'],
  plan: (args, ctx) => planSuspendService(ctx.client, serviceOf(args)),
  after: (args, _plan, ctx) => serviceNow(args, ctx, `Service ${fullName(args)} suspended.`),
};

export const resumeServiceTool: WriteTool<typeof serviceInput> = {
  kind: 'write',
  effect: 'write',
  name: 'resume_service',
  title: 'Resume a service',
  description:
    'Resumes a suspended service (ALTER SERVICE ... RESUME): its containers start again from the same images (PENDING, then RUNNING); a suspended pool with auto_resume starts too. Returns status done with the service model.',
  toolset: 'spcs',
  input: serviceInput,
  output: mutationOutput(serviceModel),
  annotations: DISRUPTIVE,
  nameFields: ['database', 'schema', 'name'],
  plan: (args, ctx) => planResumeService(ctx.client, serviceOf(args)),
  after: (args, _plan, ctx) => serviceNow(args, ctx, `Service ${fullName(args)} resumed.`),
};

// ---- what a service reports --------------------------------------------------------------

const statusInput = z.object({
  ...serviceFields,
  timeout_seconds: z
    .number()
    .int()
    .min(0)
    .max(300)
    .optional()
    .describe('Seconds Snowflake may wait for the containers to be READY before answering (default 0: at once).'),
});

export const getServiceStatusTool: ReadTool<typeof statusInput> = {
  kind: 'read',
  effect: 'read',
  name: 'get_service_status',
  title: 'Service container status',
  description:
    'Returns { containers: [{ container_name, instance_id, status (PENDING, READY, FAILED, ...), message, image, restart_count, start_time }] }, one entry per container and instance (SYSTEM$GET_SERVICE_STATUS). Empty while the service is suspended. Read-only.',
  toolset: 'spcs',
  input: statusInput,
  output: z.object({ containers: z.array(containerStatusModel) }),
  annotations: READ,
  async read(args, ctx) {
    return { containers: await getServiceStatus(ctx.client, serviceOf(args), args.timeout_seconds) };
  },
};

const endpointsInput = z.object({
  ...serviceFields,
  wait_seconds: z
    .number()
    .int()
    .min(0)
    .max(300)
    .default(0)
    .describe(
      'Wait up to this many seconds for public endpoints to be provisioned, polling (default 0: answer at once; max 300).',
    ),
});

export const getEndpointsTool: ReadTool<typeof endpointsInput> = {
  kind: 'read',
  effect: 'read',
  name: 'get_endpoints',
  title: 'Service endpoints',
  description:
    "Returns { ready, endpoints: [{ name, port, protocol, is_public, ingress_url, url }], message } (SHOW ENDPOINTS IN SERVICE). A public endpoint's ingress_url reads 'Endpoints provisioning in progress...' for a few minutes after the service is created; ready is true once every public endpoint has a host, and url is https://<host>. With wait_seconds it polls until ready (reporting progress) or the time is up. Read-only.",
  toolset: 'spcs',
  input: endpointsInput,
  output: z.object({ ready: z.boolean(), endpoints: z.array(endpointModel), message: z.string() }),
  annotations: READ,
  async read(args, ctx) {
    const result = await getEndpoints(ctx.client, serviceOf(args), {
      waitSeconds: args.wait_seconds,
      progress: (p) => ctx.progress(p),
      signal: ctx.signal,
    });
    return { ...result };
  },
};

const logsInput = z.object({
  ...serviceFields,
  container: z.string().min(1).describe("The container's name as in the spec, e.g. web-server."),
  instance_id: z.string().default('0').describe('The service instance, "0" for the first (default).'),
  num_lines: z.number().int().min(1).max(10000).optional().describe('Only the last N lines.'),
});

export const getServiceLogsTool: ReadTool<typeof logsInput> = {
  kind: 'read',
  effect: 'read',
  name: 'get_service_logs',
  title: 'Service container logs',
  description:
    "Returns { container, instance_id, logs } with a container's recent log text (SYSTEM$GET_SERVICE_LOGS). Empty while the container is not running. Read-only.",
  toolset: 'spcs',
  input: logsInput,
  output: z.object({ container: z.string(), instance_id: z.string(), logs: z.string() }),
  annotations: READ,
  async read(args, ctx) {
    const logs = await getServiceLogs(ctx.client, serviceOf(args), args.container, args.instance_id, args.num_lines);
    return { container: args.container, instance_id: args.instance_id, logs };
  },
};

export const spcsTools = [
  createComputePoolTool,
  suspendComputePoolTool,
  resumeComputePoolTool,
  createImageRepositoryTool,
  createServiceTool,
  getServiceStatusTool,
  getEndpointsTool,
  getServiceLogsTool,
  suspendServiceTool,
  resumeServiceTool,
];
