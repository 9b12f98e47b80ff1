/**
 * Connection resolution, as the Snowflake CLI and Python connector do it: `--connection NAME`
 * (or SNOWOPS_CONNECTION), `$SNOWFLAKE_HOME/connections.toml` `[NAME]`, then `config.toml`
 * `[connections.NAME]`, SNOWFLAKE_<KEY> variables over the file and
 * SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> over both. `local` is the embedded emulator; `env` is a
 * connection made of SNOWFLAKE_* variables alone.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { invalidInput, SnowopsError } from '../errors.js';
import { parseName } from '../sql/identifiers.js';
import { envValue } from './home.js';

/** The connection keys snowops understands, in the Snowflake CLI's spelling. */
export const CONNECTION_KEYS = [
  'account',
  'user',
  'password',
  'role',
  'warehouse',
  'database',
  'schema',
  'authenticator',
  'private_key_file',
  'private_key_passphrase',
  'token',
  'token_file_path',
  'host',
  'port',
  'protocol',
] as const;
export type ConnectionKey = (typeof CONNECTION_KEYS)[number];
export type ConnectionOptions = Partial<Record<ConnectionKey, string>>;

/** Spellings other Snowflake tools accept for the same key. */
const KEY_ALIASES: Record<string, ConnectionKey> = {
  username: 'user',
  private_key_path: 'private_key_file',
  private_key_file_pwd: 'private_key_passphrase',
  private_key_pwd: 'private_key_passphrase',
};

/** Keys whose values are secrets: never shown, never logged. */
export const SECRET_KEYS: readonly ConnectionKey[] = ['password', 'private_key_passphrase', 'token'];

/** The SNOWFLAKE_<KEY> variables that override a file (TOKEN_FILE_PATH is not one of them). */
const ENV_KEYS: readonly ConnectionKey[] = CONNECTION_KEYS.filter((k) => k !== 'token_file_path');

export type Env = Record<string, string | undefined>;

export type ResolvedConnection =
  | {
      kind: 'local';
      name: 'local';
      /** The session's role (`--role`), as given; the emulator's default when absent. */
      role?: string;
    }
  | {
      kind: 'snowflake';
      name: string;
      /** The file the connection came from; null for `env`. */
      file: string | null;
      /** The SNOWFLAKE_* variables that overrode (or, for `env`, made) the connection. */
      envOverrides: string[];
      options: ConnectionOptions;
    };

export interface ResolveOptions {
  /** The name given with --connection; SNOWOPS_CONNECTION is read when absent. */
  name?: string;
  env?: Env;
  /** Where warnings go (loose file permissions, falling back to local). Default: stderr. */
  warn?: (line: string) => void;
  /** A role for this run only (`--role`), over the file and SNOWFLAKE_ROLE. */
  role?: string;
}

export function snowflakeHome(env: Env = process.env): string {
  return envValue(env, 'SNOWFLAKE_HOME') ?? join(homedir(), '.snowflake');
}

const stderrWarn = (line: string) => process.stderr.write(`${line}\n`);

interface ConfigFiles {
  connectionsFile: string;
  configFile: string;
  /** connections.toml's sections. */
  connections: Record<string, unknown>;
  /** config.toml's [connections.*] sections. */
  configConnections: Record<string, unknown>;
  defaultFromConfig?: string;
}

/** Reads a TOML file if it exists, after the permission checks. */
function readToml(file: string, warn: (line: string) => void): Record<string, unknown> | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return undefined;
  }
  if (process.platform !== 'win32') {
    const perms = (mode & 0o777).toString(8);
    if (mode & 0o022) {
      throw invalidInput(
        `Refusing to read ${file}: it is writable by other users (mode ${perms}), so anyone could change where your credentials go.`,
        `Run: chmod 600 ${file}`,
      );
    }
    if (mode & 0o044) {
      warn(`snowops: warning: ${file} is readable by other users (mode ${perms}); run: chmod 600 ${file}`);
    }
  }
  try {
    return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    const detail =
      e instanceof TomlError ? `line ${e.line}, column ${e.column}: ${e.message.split('\n')[0]}` : String(e);
    throw invalidInput(`Cannot read ${file}: ${detail}`, 'Fix the TOML syntax of that file.');
  }
}

function readConfigFiles(env: Env, warn: (line: string) => void): ConfigFiles {
  const home = snowflakeHome(env);
  const connectionsFile = join(home, 'connections.toml');
  const configFile = join(home, 'config.toml');
  const connections = readToml(connectionsFile, warn) ?? {};
  const config = readToml(configFile, warn) ?? {};
  const configConnections = isTable(config.connections) ? config.connections : {};
  const dflt = config.default_connection_name;
  return {
    connectionsFile,
    configFile,
    connections,
    configConnections,
    defaultFromConfig: typeof dflt === 'string' && dflt !== '' ? dflt : undefined,
  };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A file section → options: known keys (and aliases) only, values as strings. */
function sectionOptions(section: Record<string, unknown>, file: string, name: string): ConnectionOptions {
  const out: ConnectionOptions = {};
  for (const [rawKey, value] of Object.entries(section)) {
    const lower = rawKey.toLowerCase();
    const key = (KEY_ALIASES[lower] ?? lower) as ConnectionKey;
    if (!CONNECTION_KEYS.includes(key) || value === undefined || value === '') continue;
    if (isTable(value) || Array.isArray(value)) {
      throw invalidInput(`${file} [${name}]: ${rawKey} must be a string or number, not a table or array.`);
    }
    out[key] ??= String(value);
  }
  return out;
}

/** Where a named connection lives in the files, if anywhere. */
function findInFiles(files: ConfigFiles, name: string): { file: string; options: ConnectionOptions } | undefined {
  const a = files.connections[name];
  if (isTable(a)) return { file: files.connectionsFile, options: sectionOptions(a, files.connectionsFile, name) };
  const b = files.configConnections[name];
  if (isTable(b))
    return { file: files.configFile, options: sectionOptions(b, files.configFile, `connections.${name}`) };
  return undefined;
}

/**
 * SNOWFLAKE_<KEY>, then, for a connection from the files, SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>
 * (the name upper-cased, as the Snowflake CLI spells it): the more specific variable wins.
 */
function envOverrides(env: Env, connection?: string): { options: ConnectionOptions; names: string[] } {
  const options: ConnectionOptions = {};
  const names: string[] = [];
  const prefixes = ['SNOWFLAKE_'];
  if (connection !== undefined) prefixes.push(`SNOWFLAKE_CONNECTIONS_${connection.toUpperCase()}_`);
  for (const prefix of prefixes) {
    for (const key of ENV_KEYS) {
      const name = `${prefix}${key.toUpperCase()}`;
      const v = envValue(env, name);
      if (v !== undefined) {
        options[key] = v;
        names.push(name);
      }
    }
  }
  return { options, names };
}

/** All connection names the files define, connections.toml first. */
function namesInFiles(files: ConfigFiles): string[] {
  const names = Object.keys(files.connections).filter((n) => isTable(files.connections[n]));
  for (const n of Object.keys(files.configConnections)) {
    if (isTable(files.configConnections[n]) && !names.includes(n)) names.push(n);
  }
  return names;
}

/** The default connection name and where it came from. */
function defaultName(env: Env, files: ConfigFiles): { name: string; from: string } {
  const fromEnv = envValue(env, 'SNOWFLAKE_DEFAULT_CONNECTION_NAME');
  if (fromEnv) return { name: fromEnv, from: 'SNOWFLAKE_DEFAULT_CONNECTION_NAME' };
  if (files.defaultFromConfig)
    return { name: files.defaultFromConfig, from: `${files.configFile} default_connection_name` };
  return { name: 'default', from: 'the built-in default name' };
}

function checkComplete(name: string, where: string, options: ConnectionOptions): void {
  if (!options.account) {
    throw invalidInput(
      `Connection '${name}' (${where}) has no account.`,
      'Add account = "<orgname>-<account_name>" to the connection, or set SNOWFLAKE_ACCOUNT.',
    );
  }
  if (options.port !== undefined && !/^\d{1,5}$/.test(options.port)) {
    throw invalidInput(`Connection '${name}' (${where}): port must be a number, got '${options.port}'.`);
  }
  if (options.protocol !== undefined && !['http', 'https'].includes(options.protocol.toLowerCase())) {
    throw invalidInput(`Connection '${name}' (${where}): protocol must be http or https, got '${options.protocol}'.`);
  }
}

function build(
  name: string,
  file: string | null,
  fileOptions: ConnectionOptions,
  env: Env,
  role: string | undefined,
): ResolvedConnection {
  const over = envOverrides(env, file === null ? undefined : name);
  const options = { ...fileOptions, ...over.options, ...(role ? { role } : {}) };
  checkComplete(name, file ?? 'SNOWFLAKE_* environment variables', options);
  return { kind: 'snowflake', name, file, envOverrides: over.names, options };
}

/**
 * Picks the connection for this run. Throws invalid_input for a named connection that does not
 * exist, for a file others may write, and for an incomplete connection.
 */
export function resolveConnection(opts: ResolveOptions = {}): ResolvedConnection {
  const env = opts.env ?? process.env;
  const warn = opts.warn ?? stderrWarn;
  if (opts.role !== undefined) parseName(opts.role, 'role given with --role');
  const local = (): ResolvedConnection =>
    opts.role === undefined ? { kind: 'local', name: 'local' } : { kind: 'local', name: 'local', role: opts.role };
  const named = opts.name || envValue(env, 'SNOWOPS_CONNECTION');
  if (named === 'local') return local();
  if (named === 'env') return build('env', null, {}, env, opts.role);

  const files = readConfigFiles(env, warn);
  if (named) {
    const found = findInFiles(files, named);
    if (!found) {
      const known = namesInFiles(files);
      throw new SnowopsError(
        'invalid_input',
        `Connection '${named}' not found in ${files.connectionsFile} or ${files.configFile}.`,
        {
          hint: `Known connections: ${['local', 'env', ...known].join(', ')}. Add a [${named}] section to connections.toml, or pick one of these.`,
        },
      );
    }
    return build(named, found.file, found.options, env, opts.role);
  }

  const dflt = defaultName(env, files);
  if (dflt.name === 'local') return local();
  if (dflt.name === 'env') return build('env', null, {}, env, opts.role);
  const found = findInFiles(files, dflt.name);
  if (found) return build(dflt.name, found.file, found.options, env, opts.role);
  const known = namesInFiles(files);
  warn(
    `snowops: no connection named and no connection '${dflt.name}' (${dflt.from}); using the local emulator. ` +
      (known.length ? `Connections found: ${known.join(', ')}.` : `No connections found in ${snowflakeHome(env)}.`),
  );
  return local();
}

export interface ListedConnection {
  name: string;
  /** File path, 'environment' or 'embedded emulator'. */
  source: string;
  isDefault: boolean;
  options: ConnectionOptions;
}

/** Every connection snowops can see, the default marked. Options are masked. */
export function listConnections(opts: { env?: Env; warn?: (line: string) => void } = {}): ListedConnection[] {
  const env = opts.env ?? process.env;
  const files = readConfigFiles(env, opts.warn ?? stderrWarn);
  const explicit = envValue(env, 'SNOWOPS_CONNECTION');
  const dflt = explicit ?? defaultName(env, files).name;
  const names = namesInFiles(files);
  const effectiveDefault = dflt === 'local' || dflt === 'env' || names.includes(dflt) ? dflt : 'local';
  const out: ListedConnection[] = names.map((name) => {
    const found = findInFiles(files, name)!;
    return {
      name,
      source: found.file,
      isDefault: name === effectiveDefault,
      options: maskOptions({ ...found.options, ...envOverrides(env, name).options }),
    };
  });
  const fromEnv = envOverrides(env);
  if (fromEnv.names.length) {
    out.push({
      name: 'env',
      source: 'environment',
      isDefault: effectiveDefault === 'env',
      options: maskOptions(fromEnv.options),
    });
  }
  out.push({ name: 'local', source: 'embedded emulator', isDefault: effectiveDefault === 'local', options: {} });
  return out;
}

/** A copy of the options safe to print: secrets replaced by asterisks. */
export function maskOptions(options: ConnectionOptions): ConnectionOptions {
  const out: ConnectionOptions = { ...options };
  for (const k of SECRET_KEYS) if (out[k] !== undefined) out[k] = '********';
  return out;
}

/** `host:port` a connection talks to, for messages. */
export function endpointOf(options: ConnectionOptions): { host: string; port: number; protocol: 'http' | 'https' } {
  const protocol = options.protocol?.toLowerCase() === 'http' ? 'http' : 'https';
  const host = options.host ?? `${options.account}.snowflakecomputing.com`;
  const port = options.port ? Number(options.port) : protocol === 'http' ? 80 : 443;
  return { host, port, protocol };
}
