/**
 * The Slack app manifest for `snowops slack manifest`: one slash command, interactivity for the
 * Confirm and Cancel buttons, the bot scopes commands and chat:write, and either Socket Mode
 * (no public URL needed) or request URLs pointing at the HTTP server's /slack/events.
 */
import { stringify } from 'yaml';
import { invalidInput } from '../errors.js';
import { EVENTS_PATH } from './app.js';

export const SLASH_COMMAND = '/snowops';
export const BOT_SCOPES = ['commands', 'chat:write'] as const;

/** https://ops.example.com -> https://ops.example.com/slack/events; a URL with a path is kept. */
export function requestUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw invalidInput(
      `--http: ${JSON.stringify(base)} is not a URL.`,
      'Give the public base URL, e.g. --http https://ops.example.com',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(
      `--http: ${JSON.stringify(base)} is not an http(s) URL.`,
      'Slack calls request URLs over HTTPS.',
    );
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = EVENTS_PATH;
  return url.toString();
}

export function slackManifest(options: { requestUrl?: string } = {}): Record<string, unknown> {
  const url = options.requestUrl;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'snowops',
      description: 'Snowflake operations from Slack, with plans, confirmations and access control.',
      background_color: '#1b3a57',
    },
    features: {
      bot_user: { display_name: 'snowops', always_online: false },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          description: 'Run a Snowflake operation (plans and confirmations included)',
          usage_hint: 'TOOL args | help [TOOL]',
          should_escape: false,
          ...(url ? { url } : {}),
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: url === undefined,
      token_rotation_enabled: false,
    },
  };
}

export function manifestText(manifest: Record<string, unknown>, format: 'json' | 'yaml'): string {
  return format === 'yaml' ? stringify(manifest) : `${JSON.stringify(manifest, null, 2)}\n`;
}
