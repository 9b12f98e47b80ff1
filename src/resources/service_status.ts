/**
 * What a running service reports: container status (SYSTEM$GET_SERVICE_STATUS), public
 * endpoints (SHOW ENDPOINTS IN SERVICE, waited for while they provision) and container logs
 * (SYSTEM$GET_SERVICE_LOGS). Reads only. The functions are invoked with CALL, as snowflake.core
 * does, which both Snowflake and the emulator answer with one row and one column.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { SnowopsError } from '../errors.js';
import type { Progress } from '../ops/types.js';
import { quoteString } from '../sql/identifiers.js';
import { flag, numberOrNull, text, textOrNull } from './rows.js';
import { type ServiceRef, serviceName } from './service.js';
import { requireService } from './spcs.js';

export const containerStatusModel = z.object({
  container_name: z.string(),
  instance_id: z.string(),
  status: z.string(),
  message: z.string(),
  image: z.string(),
  restart_count: z.number(),
  start_time: z.string().nullable(),
});

export type ContainerStatus = z.infer<typeof containerStatusModel>;

/** The first cell of a one-row result (a SYSTEM$ function's answer), whatever its column name. */
function firstCell(rows: Row[]): string | null {
  const row = rows[0];
  if (!row) return null;
  const value = Object.values(row)[0];
  return value === null || value === undefined ? null : String(value);
}

export async function getServiceStatus(
  client: SqlClient,
  ref: ServiceRef,
  timeoutSeconds?: number,
): Promise<ContainerStatus[]> {
  const args = [quoteString(serviceName(ref))];
  if (timeoutSeconds !== undefined) args.push(String(timeoutSeconds));
  const result = await client.execute(`CALL SYSTEM$GET_SERVICE_STATUS(${args.join(', ')})`);
  const raw = firstCell(result.rows);
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw new SnowopsError(
      'internal',
      `SYSTEM$GET_SERVICE_STATUS returned text that is not JSON: ${raw.slice(0, 200)}`,
      {
        cause,
      },
    );
  }
  const list = Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : [];
  return list.map((c) => ({
    container_name: String(c.containerName ?? ''),
    instance_id: String(c.instanceId ?? ''),
    status: String(c.status ?? 'UNKNOWN'),
    message: String(c.message ?? ''),
    image: String(c.image ?? ''),
    restart_count: Number(c.restartCount ?? 0),
    start_time: c.startTime ? String(c.startTime) : null,
  }));
}

export const endpointModel = z.object({
  name: z.string(),
  port: z.number().nullable(),
  protocol: z.string(),
  is_public: z.boolean(),
  ingress_url: z.string().nullable(),
  url: z.string().nullable(),
});

export type Endpoint = z.infer<typeof endpointModel>;

export interface Endpoints {
  ready: boolean;
  endpoints: Endpoint[];
  message: string;
}

/** Snowflake's text in ingress_url while a public endpoint is being set up. */
export const PROVISIONING = 'Endpoints provisioning in progress... check back in a few minutes';

/** A host name, not the provisioning sentence (which has spaces). */
function isHost(value: string | null): value is string {
  return !!value && !/\s/.test(value) && value.includes('.');
}

function endpointFromRow(row: Row): Endpoint {
  const isPublic = flag(row, 'is_public');
  const ingress = textOrNull(row, 'ingress_url');
  return {
    name: text(row, 'name'),
    port: numberOrNull(row, 'port'),
    protocol: text(row, 'protocol') || 'HTTP',
    is_public: isPublic,
    ingress_url: ingress,
    url: isPublic && isHost(ingress) ? `https://${ingress}` : null,
  };
}

export async function readEndpoints(client: SqlClient, ref: ServiceRef): Promise<Endpoints> {
  const result = await client.execute(`SHOW ENDPOINTS IN SERVICE ${serviceName(ref)}`);
  const endpoints = result.rows.map(endpointFromRow);
  const pub = endpoints.filter((e) => e.is_public);
  const ready = pub.every((e) => e.url !== null);
  let message: string;
  if (pub.length === 0) message = 'The service has no public endpoints, so there is no ingress URL to wait for.';
  else if (ready) message = pub.map((e) => `${e.name}: ${e.url}`).join('\n');
  else message = pub.find((e) => e.url === null)?.ingress_url || PROVISIONING;
  return { ready, endpoints, message };
}

export interface WaitOptions {
  waitSeconds: number;
  progress(p: Progress): void;
  signal: AbortSignal;
  /**
   * Milliseconds between polls; progress is reported on every poll, so at most 5000. Default:
   * 4 s on Snowflake (endpoints take minutes there), 1 s on the emulator.
   */
  pollMs?: number;
}

const STOPPED = new Set(['SUSPENDED', 'SUSPENDING', 'FAILED', 'DONE', 'DELETED', 'DELETING', 'INTERNAL_ERROR']);

/**
 * Reads the endpoints and, when waitSeconds > 0, polls until every public endpoint has its
 * ingress host or the time is up. A service that is not running stops the wait at once.
 */
export async function getEndpoints(client: SqlClient, ref: ServiceRef, opts: WaitOptions): Promise<Endpoints> {
  const first = await readEndpoints(client, ref);
  if (first.ready || opts.waitSeconds <= 0) return first;
  const status = text(await requireService(client, ref), 'status').toUpperCase();
  if (STOPPED.has(status)) {
    return {
      ...first,
      message: `The service is ${status}; its endpoints will not be provisioned until it runs (resume_service).`,
    };
  }
  const pollMs = Math.min(opts.pollMs ?? (client.backend === 'snowflake' ? 4000 : 1000), 5000);
  const started = Date.now();
  const deadline = started + opts.waitSeconds * 1000;
  let current = first;
  for (;;) {
    const elapsed = Math.round((Date.now() - started) / 1000);
    opts.progress({
      progress: elapsed,
      total: opts.waitSeconds,
      message: `Endpoints provisioning in progress (${elapsed} s of ${opts.waitSeconds} s)`,
    });
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return { ...current, message: `${current.message} (still provisioning after ${opts.waitSeconds} s)` };
    }
    if (!(await sleep(Math.min(pollMs, remaining), opts.signal))) {
      return { ...current, message: `${current.message} (stopped waiting: the request was cancelled)` };
    }
    current = await readEndpoints(client, ref);
    if (current.ready) return current;
  }
}

/** Resolves true after ms, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function getServiceLogs(
  client: SqlClient,
  ref: ServiceRef,
  container: string,
  instanceId: string,
  numLines?: number,
): Promise<string> {
  const args = [quoteString(serviceName(ref)), quoteString(instanceId), quoteString(container)];
  if (numLines !== undefined) args.push(String(numLines));
  const result = await client.execute(`CALL SYSTEM$GET_SERVICE_LOGS(${args.join(', ')})`);
  return firstCell(result.rows) ?? '';
}
