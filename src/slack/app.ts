/**
 * The Slack front end: a Bolt app whose handlers turn `/snowops` commands and button clicks into
 * runner calls. The receiver (Socket Mode or HTTP) is chosen by the caller, so both transports
 * run the same handlers.
 */
import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  type Logger,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import type { Policy } from '../ops/policy.js';
import type { Runner } from '../ops/runner.js';
import type { TokenService } from '../ops/tokens.js';
import { commandHandler } from './commands.js';
import { cancelHandler, confirmHandler } from './confirmations.js';
import type { SlackContext } from './context.js';
import type { ScopeOf } from './grammar.js';
import { ACTION_CANCEL, ACTION_CONFIRM, errorMessage } from './messages.js';
import { commandShape, normaliseToolWord } from './shape.js';

/** Bolt's default path for events, commands and interactivity in HTTP mode. */
export const EVENTS_PATH = '/slack/events';

export interface SlackAppDeps {
  runner: Pick<Runner, 'tools' | 'call'>;
  tokens: Pick<TokenService, 'isSpent'>;
  policy: Policy;
  receiver: Receiver;
  botToken: string;
  /** The Web API base URL (SNOWOPS_SLACK_API_URL), e.g. http://127.0.0.1:PORT/api/. */
  apiUrl?: string;
  logger: Logger;
  scopeOf?: ScopeOf;
  now?: () => Date;
  /** Further commands and buttons (runbooks) added to the app with the same context. */
  extensions?: SlackExtension[];
}

export interface SlackExtension {
  /** Adds its commands and buttons to the app. */
  register(app: App, ctx: SlackContext): void;
  /** What it adds, as one mrkdwn line for `/snowops help` (`command` is the slash command). */
  help?(command: string): string;
}

/** Slack's Web API client wants the base URL to end with a slash. */
export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export function httpReceiver(options: { signingSecret: string; logger: Logger }): HTTPReceiver {
  return new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: EVENTS_PATH,
    logger: options.logger,
    // Ack first, work after: Slack wants an answer within 3 seconds.
    processBeforeResponse: false,
  });
}

export function socketReceiver(options: { appToken: string; apiUrl?: string; logger: Logger }): SocketModeReceiver {
  const slackApiUrl = normaliseApiUrl(options.apiUrl);
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    // App({ socketMode: true }) would not pass the API URL on to the socket client.
    installerOptions: slackApiUrl ? { clientOptions: { slackApiUrl } } : {},
  });
}

export function createSlackApp(deps: SlackAppDeps): App {
  const slackApiUrl = normaliseApiUrl(deps.apiUrl);
  const app = new App({
    token: deps.botToken,
    receiver: deps.receiver,
    logger: deps.logger,
    clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), logger: deps.logger },
  });
  const ctx: SlackContext = {
    runner: deps.runner,
    tokens: deps.tokens,
    policy: deps.policy,
    shapes: new Map(deps.runner.tools.map((t) => [normaliseToolWord(t.name), commandShape(t)])),
    scopeOf: deps.scopeOf,
    now: deps.now ?? (() => new Date()),
    logger: deps.logger,
    helpNotes: (deps.extensions ?? []).flatMap((e) => (e.help ? [e.help.bind(e)] : [])),
  };
  for (const extension of deps.extensions ?? []) extension.register(app, ctx);
  app.command(/.*/, commandHandler(ctx));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_CONFIRM }, confirmHandler(ctx));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_CANCEL }, cancelHandler(ctx));
  app.error(async (error) => {
    deps.logger.error(`unhandled: ${errorMessage(undefined, error.original ?? error).text}`);
  });
  return app;
}
