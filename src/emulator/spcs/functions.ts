/**
 * What a running service reports: SHOW ENDPOINTS IN SERVICE, SYSTEM$GET_SERVICE_STATUS and
 * SYSTEM$GET_SERVICE_LOGS. The emulator runs no containers, so the status follows the derived
 * service state and the logs are a few lines saying what would have started.
 */
import { compilationError, EmulatorSqlError, shown } from '../errors.js';
import { requireService } from '../kinds/service.js';
import { type Literal, Parser } from '../parser.js';
import type { ExecContext, Registry } from '../registry.js';
import { columns, rows } from '../results.js';
import { findPool, ingressUrl, type Service, serviceReadyAt, serviceStatus } from './state.js';

const ENDPOINT_COLUMNS = columns(
  'name:text port:fixed port_range:text protocol:text is_public:text ingress_url:text privatelink_ingress_url:text',
);

function showEndpoints(p: Parser) {
  p.expectKw('IN SERVICE');
  const parts = p.qualifiedName(3);
  p.end();
  return {
    writes: false,
    run(ctx: ExecContext) {
      const svc = requireService(ctx, parts, 'SHOW ENDPOINTS');
      return rows(
        ENDPOINT_COLUMNS,
        svc.props.endpoints.map((e) => ({
          name: e.name,
          port: e.port,
          port_range: e.portRange,
          protocol: e.protocol,
          is_public: e.public ? 'true' : 'false',
          ingress_url: e.public ? ingressUrl(ctx, svc) : '',
          privatelink_ingress_url: null,
        })),
      );
    },
  };
}

/** The service named by a function's first argument ('db.schema.svc', or shorter). */
function serviceArg(ctx: ExecContext, fn: string, args: Literal[]): Service {
  const first = args[0];
  if (first?.type !== 'string') {
    throw compilationError(
      `${fn} needs the service name as a string, e.g. '<db>.<schema>.<service>'.`,
      '001044',
      '42P13',
    );
  }
  const p = Parser.of(first.value);
  const parts = p.qualifiedName(3);
  p.end();
  return requireService(ctx, parts, fn);
}

function text(arg: Literal | undefined): string | undefined {
  if (!arg || arg.type === 'null') return undefined;
  if (arg.type === 'number') return arg.text;
  return String((arg as { value: unknown }).value);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function serviceStatusJson(ctx: ExecContext, args: Literal[]): string {
  const svc = serviceArg(ctx, 'SYSTEM$GET_SERVICE_STATUS', args);
  const pool = findPool(ctx, svc.props.computePool);
  const state = serviceStatus(ctx, svc, pool);
  if (state === 'SUSPENDED') return '[]';
  const out: Record<string, unknown>[] = [];
  for (let instance = 0; instance < svc.props.minInstances; instance++) {
    for (const c of svc.props.containers) {
      const [status, message, startTime] =
        state === 'RUNNING'
          ? ['READY', 'Running', iso(serviceReadyAt(ctx, svc, pool))]
          : state === 'PENDING'
            ? ['PENDING', 'Pending scheduling', '']
            : ['UNKNOWN', 'Shutting down: the service is suspending', ''];
      out.push({
        status,
        message,
        containerName: c.name,
        instanceId: String(instance),
        serviceName: svc.name,
        image: c.image,
        restartCount: 0,
        startTime,
      });
    }
  }
  return JSON.stringify(out);
}

function serviceLogs(ctx: ExecContext, args: Literal[]): string {
  const svc = serviceArg(ctx, 'SYSTEM$GET_SERVICE_LOGS', args);
  const instance = text(args[1]);
  const container = text(args[2]);
  const limit = args[3]?.type === 'number' ? args[3].value : undefined;
  if (instance === undefined || container === undefined) {
    throw compilationError(
      'SYSTEM$GET_SERVICE_LOGS needs the service name, the instance id and the container name.',
      '001044',
      '42P13',
    );
  }
  const c = svc.props.containers.find((x) => x.name === container);
  const n = Number(instance);
  if (!c || !Number.isInteger(n) || n < 0 || n >= svc.props.minInstances) {
    throw new EmulatorSqlError(
      '391004',
      '22023',
      `Container '${container}' with instance id '${instance}' does not exist in service ${shown(svc.database!, svc.schema!, svc.name)}.`,
    );
  }
  const pool = findPool(ctx, svc.props.computePool);
  if (serviceStatus(ctx, svc, pool) !== 'RUNNING') return '';
  const at = serviceReadyAt(ctx, svc, pool);
  const stamp = (offset: number) => iso(at - 2000 + offset * 100);
  const lines = [
    `${stamp(0)} [snowops-local] pulling image ${c.image}`,
    `${stamp(1)} [snowops-local] starting container ${c.name} (instance ${instance}) on compute pool ${svc.props.computePool}`,
    ...svc.props.endpoints.map(
      (e, i) =>
        `${stamp(2 + i)} [snowops-local] endpoint ${e.name} listening on ${e.port ?? e.portRange}/${e.protocol}`,
    ),
    `${iso(at)} [snowops-local] container ${c.name} is ready (the local emulator runs no containers, so there is no application output)`,
  ];
  return (limit !== undefined && limit > 0 ? lines.slice(-limit) : lines).join('\n');
}

export function register(registry: Registry): void {
  registry.on('SHOW', 'ENDPOINTS', showEndpoints);
  registry.addSystemFunction('SYSTEM$GET_SERVICE_STATUS', { writes: false, call: serviceStatusJson });
  registry.addSystemFunction('SYSTEM$GET_SERVICE_LOGS', { writes: false, call: serviceLogs });
}
