/**
 * manifest.json is the MCP bundle's contract with Claude Desktop: its tools[] must be the
 * catalog (regenerate with `npm run manifest`), and every user setting it offers must reach the
 * server through mcp_config.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../tools/index.js';
import { ROOT } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('manifest.json', () => {
  it('lists exactly the catalog, names and descriptions, in catalog order', () => {
    expect(manifest.tools).toEqual(catalog.map((t) => ({ name: t.name, description: t.description })));
  });

  it('is a manifest_version 0.3 bundle of this package, started through the bundled entry', () => {
    expect(manifest.manifest_version).toBe('0.3');
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server.type).toBe('node');
    expect(manifest.server.mcp_config.args[0]).toBe(`\${__dirname}/${manifest.server.entry_point}`);
  });

  it('passes every user setting to the server, and only settings it declares', () => {
    const env = JSON.stringify(manifest.server.mcp_config.env);
    const used = [...env.matchAll(/\$\{user_config\.([a-z_]+)\}/g)].map((m) => m[1]).sort();
    expect(used).toEqual(Object.keys(manifest.user_config).sort());
    expect(Object.keys(manifest.server.mcp_config.env).sort()).toEqual(
      ['SNOWFLAKE_HOME', 'SNOWOPS_CONNECTION', 'SNOWOPS_READ_ONLY', 'SNOWOPS_TOOLSETS', 'SNOWOPS_RUNBOOKS'].sort(),
    );
  });

  it('passes mcpb validate', () => {
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'mcpb'), ['validate', join(ROOT, 'manifest.json')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/validation passes/i);
  });
});
