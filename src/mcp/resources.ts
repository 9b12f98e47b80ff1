/**
 * One resource per object kind, listing what exists (through list_objects, so policy applies
 * as for any call): snowflake://warehouses, snowflake://databases/{database}/schemas,
 * snowflake://databases/{database}/schemas/{schema}/tables, ... Names in URIs are the names
 * as Snowflake stores them (PYTHON_API_DB, or My Table percent-encoded).
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isSnowopsError } from '../errors.js';
import type { ObjectKind } from '../resources/types.js';
import { errorText } from './results.js';
import type { KindInfo, McpDeps } from './types.js';

/** Resources list at most this many objects; list_objects with a cursor pages further. */
const RESOURCE_LIMIT = 1000;

/** compute_pool -> compute-pools, image_repository -> image-repositories. */
export function kindSlug(kind: ObjectKind): string {
  const dashed = kind.replace(/_/g, '-');
  return dashed.endsWith('y') ? `${dashed.slice(0, -1)}ies` : `${dashed}s`;
}

export function kindUri(info: KindInfo): string {
  const slug = kindSlug(info.kind);
  if (info.scope === 'account') return `snowflake://${slug}`;
  if (info.scope === 'database') return `snowflake://databases/{database}/${slug}`;
  return `snowflake://databases/{database}/schemas/{schema}/${slug}`;
}

export function registerKindResources(server: McpServer, deps: McpDeps): void {
  for (const info of deps.kinds) {
    const uri = kindUri(info);
    const name = kindSlug(info.kind);
    const meta = {
      title: `Snowflake ${name.replace(/-/g, ' ')}`,
      description: `Every ${info.label} that exists${scopeWords(info)}, as list_objects kind ${info.kind} returns them (up to ${RESOURCE_LIMIT}; names as Snowflake stores them).`,
      mimeType: 'application/json',
    };
    if (info.scope === 'account') {
      server.registerResource(name, uri, meta, (url) => readKind(deps, info, url.href, {}));
      continue;
    }
    const template = new ResourceTemplate(uri, {
      // Listing every schema of every database would cost a statement per database: only
      // schemas (one per database) are enumerated; the rest are reached through the template.
      list: info.scope === 'database' ? () => listDatabaseScoped(deps, info) : undefined,
      complete: {
        database: (value) => names(deps, { kind: 'database', starts_with: value }),
        schema: (value, context) =>
          context?.arguments?.database
            ? names(deps, { kind: 'schema', database: quote(context.arguments.database), starts_with: value })
            : [],
      },
    });
    server.registerResource(name, template, meta, (url, variables) =>
      readKind(deps, info, url.href, {
        database: one(variables.database),
        schema: one(variables.schema),
      }),
    );
  }
}

function scopeWords(info: KindInfo): string {
  if (info.scope === 'account') return ' in the account';
  if (info.scope === 'database') return ' in the database';
  return ' in the schema';
}

function one(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined ? undefined : decodeURIComponent(v);
}

/** A stored name as list_objects must receive it to mean exactly that name. */
function quote(stored: string): string {
  return `"${stored.replace(/"/g, '""')}"`;
}

async function list(deps: McpDeps, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  return deps.runner.call('list_objects', { limit: RESOURCE_LIMIT, ...args }, { frontEnd: 'mcp', actor: deps.actor });
}

async function names(deps: McpDeps, args: Record<string, unknown>): Promise<string[]> {
  try {
    const page = await list(deps, { limit: 100, ...args });
    return (page.objects as Array<{ name: string }>).map((o) => o.name);
  } catch {
    return []; // completion is a convenience: an unknown database simply completes nothing
  }
}

async function readKind(
  deps: McpDeps,
  info: KindInfo,
  uri: string,
  where: { database?: string; schema?: string },
): Promise<ReadResourceResult> {
  const args: Record<string, unknown> = { kind: info.kind };
  if (where.database !== undefined) args.database = quote(where.database);
  if (where.schema !== undefined) args.schema = quote(where.schema);
  try {
    const page = await list(deps, args);
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(page) }] };
  } catch (err) {
    const code = isSnowopsError(err) && err.code !== 'internal' ? ErrorCode.InvalidParams : ErrorCode.InternalError;
    throw readError(code, errorText(`reading ${uri}`, err));
  }
}

/**
 * McpError's message starts with "MCP error <code>: ", which the SDK sends as the JSON-RPC
 * message and the client prefixes again: the wire carries the text alone.
 */
function readError(code: ErrorCode, text: string): McpError {
  const error = new McpError(code, text);
  error.message = text;
  return error;
}

async function listDatabaseScoped(deps: McpDeps, info: KindInfo) {
  const databases = await names(deps, { kind: 'database', limit: RESOURCE_LIMIT });
  return {
    resources: databases.map((db) => ({
      uri: `snowflake://databases/${encodeURIComponent(db)}/${kindSlug(info.kind)}`,
      name: `${db} ${kindSlug(info.kind)}`,
      mimeType: 'application/json',
    })),
  };
}
