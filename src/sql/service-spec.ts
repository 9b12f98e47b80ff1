/**
 * Snowpark Container Services service specifications: parsed with `yaml` and checked against
 * the documented required fields (spec.containers[].name/image, spec.endpoints[].name and
 * port or portRange) and the naming rules for containers and endpoints.
 *
 * Pure (no engine, no SQL): the emulator uses it for CREATE SERVICE, and the resource layer
 * uses it to refuse a bad spec before planning. Only what Snowflake documents as required is
 * enforced; unknown fields are left alone so a spec that works on a real account is never
 * refused here. Messages follow Snowflake's "Invalid spec: ..." form and name the line.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';

export interface SpecContainer {
  name: string;
  image: string;
}

export interface SpecEndpoint {
  name: string;
  port: number | null;
  portRange: string | null;
  public: boolean;
  /** TCP, HTTP or HTTPS; HTTP when the spec says nothing. */
  protocol: string;
}

export interface ServiceSpec {
  containers: SpecContainer[];
  endpoints: SpecEndpoint[];
}

/** A spec that Snowflake would refuse; `line` is 1-based when the problem has a place. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

const MAX_CONTAINERS = 20;
const MAX_ENDPOINTS = 100;
const PROTOCOLS = ['TCP', 'HTTP', 'HTTPS'];
/** Container, endpoint and volume names: DNS labels (lowercase letters, digits, '-'). */
const SPEC_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses and validates a specification; throws SpecError naming the problem and its line. */
export function parseServiceSpec(text: string): ServiceSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const first = e.message.split('\n')[0].replace(/:$/, '');
    throw new SpecError(`Invalid spec: the YAML does not parse: ${first}.`, e.linePos?.[0].line);
  }
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lines.linePos(node.range[0]).line : undefined;
  const fail = (message: string, node?: Node | null): never => {
    const line = lineOf(node);
    throw new SpecError(`Invalid spec: ${message}${line ? ` (line ${line})` : ''}.`, line);
  };

  const root = doc.contents;
  if (root === null) fail('the specification is empty; it needs spec.containers with a name and an image each');
  if (!isMap(root)) fail("the specification must be a YAML mapping with a top-level 'spec' field", root);
  const spec = (root as YAMLMap).get('spec', true) as Node | undefined;
  if (spec === undefined || spec === null) fail("missing 'spec' at the top level", root);
  if (!isMap(spec)) fail("'spec' must be a mapping with 'containers'", spec);
  const specMap = spec as YAMLMap;

  const containersNode = specMap.get('containers', true) as Node | undefined;
  if (containersNode === undefined || containersNode === null) fail("missing 'containers' for 'spec'", spec);
  if (!isSeq(containersNode)) fail("'spec.containers' must be a list", containersNode);
  const containerItems = (containersNode as { items: unknown[] }).items as Node[];
  if (containerItems.length === 0) fail("'spec.containers' needs at least one container", containersNode);
  if (containerItems.length > MAX_CONTAINERS) {
    fail(`a service can have at most ${MAX_CONTAINERS} containers`, containersNode);
  }

  const containers: SpecContainer[] = [];
  containerItems.forEach((item, i) => {
    const where = `spec.containers[${i}]`;
    if (!isMap(item)) fail(`'${where}' must be a mapping with 'name' and 'image'`, item);
    const map = item as YAMLMap;
    const name = requiredString(map, 'name', where, fail);
    checkSpecName(name, `${where}.name`, map.get('name', true) as Node, fail);
    if (containers.some((c) => c.name === name)) fail(`duplicate container name '${name}'`, map);
    const image = requiredString(map, 'image', where, fail);
    for (const list of ['command', 'args']) {
      const node = map.get(list, true) as Node | undefined;
      if (node !== undefined && node !== null && !isSeq(node)) fail(`'${where}.${list}' must be a list`, node);
    }
    const env = map.get('env', true) as Node | undefined;
    if (env !== undefined && env !== null && !isMap(env)) fail(`'${where}.env' must be a mapping`, env);
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      const node = map.get(probe, true) as Node | undefined;
      if (node === undefined || node === null) continue;
      if (!isMap(node)) fail(`'${where}.${probe}' must be a mapping with 'port' and 'path'`, node);
      requiredPort(node as YAMLMap, `${where}.${probe}`, fail);
      requiredString(node as YAMLMap, 'path', `${where}.${probe}`, fail);
    }
    containers.push({ name, image });
  });

  const endpoints: SpecEndpoint[] = [];
  const endpointsNode = specMap.get('endpoints', true) as Node | undefined;
  if (endpointsNode !== undefined && endpointsNode !== null) {
    if (!isSeq(endpointsNode)) fail("'spec.endpoints' must be a list", endpointsNode);
    const items = (endpointsNode as { items: unknown[] }).items as Node[];
    if (items.length > MAX_ENDPOINTS) fail(`a service can have at most ${MAX_ENDPOINTS} endpoints`, endpointsNode);
    items.forEach((item, i) => {
      const where = `spec.endpoints[${i}]`;
      if (!isMap(item)) fail(`'${where}' must be a mapping with 'name' and 'port'`, item);
      const map = item as YAMLMap;
      const name = requiredString(map, 'name', where, fail);
      checkSpecName(name, `${where}.name`, map.get('name', true) as Node, fail);
      if (endpoints.some((e) => e.name === name)) fail(`duplicate endpoint name '${name}'`, map);
      const hasPort = map.has('port');
      const rangeNode = map.get('portRange', true) as Node | undefined;
      if (hasPort && rangeNode) fail(`'${where}' has both 'port' and 'portRange'; give one`, map);
      let port: number | null = null;
      let portRange: string | null = null;
      if (rangeNode) {
        portRange = checkPortRange(rangeNode, `${where}.portRange`, fail);
      } else {
        port = requiredPort(map, where, fail);
      }
      const pub = map.get('public', true) as Node | undefined;
      if (pub && !(isScalar(pub) && typeof pub.value === 'boolean')) {
        fail(`'${where}.public' must be true or false`, pub);
      }
      const protoNode = map.get('protocol', true) as Node | undefined;
      let protocol = 'HTTP';
      if (protoNode) {
        const value = isScalar(protoNode) ? String(protoNode.value).toUpperCase() : '';
        if (!PROTOCOLS.includes(value)) fail(`'${where}.protocol' must be one of TCP, HTTP, HTTPS`, protoNode);
        protocol = value;
      }
      endpoints.push({
        name,
        port,
        portRange,
        public: pub ? (pub as { value: unknown }).value === true : false,
        protocol,
      });
    });
  }
  return { containers, endpoints };
}

type Fail = (message: string, node?: Node | null) => never;

function requiredString(map: YAMLMap, key: string, where: string, fail: Fail): string {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === ''))) {
    return fail(`missing '${key}' for '${where}'`, node ?? map);
  }
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    return fail(`'${where}.${key}' must be a string`, node);
  }
  return String(node.value);
}

function requiredPort(map: YAMLMap, where: string, fail: Fail): number {
  const node = map.get('port', true) as Node | undefined;
  if (node === undefined || node === null) return fail(`missing 'port' for '${where}'`, map);
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    return fail(`'${where}.port' must be a TCP port number (1 to 65535)`, node);
  }
  return value;
}

function checkPortRange(node: Node, where: string, fail: Fail): string {
  const value = isScalar(node) ? String(node.value) : '';
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(value);
  const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || lo < 1 || hi > 65535 || lo > hi) {
    return fail(`'${where}' must be two port numbers like 8000-8010`, node);
  }
  return value;
}

function checkSpecName(name: string, where: string, node: Node, fail: Fail): void {
  if (!SPEC_NAME.test(name)) {
    fail(
      `'${where}' is '${name}'; names must be at most 63 characters of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`,
      node,
    );
  }
}
