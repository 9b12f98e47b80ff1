/**
 * `snowops slack manifest` (the built executable): the app manifest Slack creates the app from,
 * as JSON or YAML, for Socket Mode or HTTP request URLs; and `snowops slack` refusing to start
 * without the tokens it needs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, freshDir } from './helpers.js';

function snowops(args: string[], env: Record<string, string> = {}) {
  const home = freshDir('snowops-slack-cli-');
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home, SNOWFLAKE_HOME: join(home, 'none'), ...env },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Manifest = {
  features: { slash_commands: Record<string, unknown>[]; bot_user: Record<string, unknown> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: Record<string, unknown>; socket_mode_enabled: boolean };
};

describe('snowops slack manifest', () => {
  it('describes a Socket Mode app with the slash command, interactivity and two scopes', () => {
    const { code, stdout } = snowops(['slack', 'manifest']);
    expect(code).toBe(0);
    const m = JSON.parse(stdout) as Manifest;
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: '/snowops', should_escape: false })]);
    expect(m.features.slash_commands[0]!.url).toBeUndefined();
    expect(m.features.bot_user.display_name).toBe('snowops');
    expect(m.oauth_config.scopes.bot).toEqual(['commands', 'chat:write']);
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
    expect(m.settings.socket_mode_enabled).toBe(true);
  });

  it('points the command and interactivity at /slack/events for an HTTP app, in JSON or YAML', () => {
    const json = snowops(['slack', 'manifest', '--http', 'https://ops.example.com']);
    expect(json.code).toBe(0);
    const m = JSON.parse(json.stdout) as Manifest;
    expect(m.features.slash_commands[0]!.url).toBe('https://ops.example.com/slack/events');
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://ops.example.com/slack/events' });
    expect(m.settings.socket_mode_enabled).toBe(false);
    const yaml = snowops(['slack', 'manifest', '--http', 'https://ops.example.com', '--format', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(m);
    expect(snowops(['slack', 'manifest', '--http', 'https://ops.example.com/hooks/slack']).stdout).toContain(
      '"https://ops.example.com/hooks/slack"',
    );
  });

  it('refuses bad options with exit code 2', () => {
    const bad = snowops(['slack', 'manifest', '--http', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a URL');
    expect(snowops(['slack', 'manifest', '--format', 'xml']).code).toBe(2);
  });
});

describe('snowops slack', () => {
  it('says which token is missing', () => {
    const none = snowops(['slack']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('SLACK_BOT_TOKEN is not set');
    const socket = snowops(['slack'], { SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(socket.stderr).toContain('SLACK_APP_TOKEN is not set');
    const http = snowops(['slack', '--http'], { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: ' ' });
    expect(http.stderr).toContain('SLACK_SIGNING_SECRET is not set');
    expect(snowops(['slack', '--help']).stdout).toContain('usage: snowops slack');
  });
});
