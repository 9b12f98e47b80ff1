/** Help text for every command, shown by `snowops help [COMMAND]` and `COMMAND --help`. */

export const HELP: Record<string, string> = {
  '': `snowops: Snowflake operations with plans and confirmations, on a Snowflake account or the
embedded local emulator.

usage: snowops <command> [options]

commands:
  tools                 list the tools (name, effect, toolset, title); --json for their schemas
  call TOOL '{json}'    run one tool and print its result as JSON
  policy check          print the effective policy
  mcp                   serve the tools over MCP (stdio)
  slack                 serve /snowops slash commands (Socket Mode, or --http); slack manifest
  connections [test]    list the Snowflake connections snowops sees; test one
  audit                 list the audit log: what ran, was refused, cancelled or failed
  runbook list|show|run list, show and run runbooks (step-by-step procedures)
  emulator serve        serve the local emulator over Snowflake's wire protocol
  help [COMMAND]        show help for a command

options:
  --help, -h            show help
  --version, -V         print the version

With no Snowflake connection configured, snowops uses the embedded local emulator, whose state
lives in $SNOWOPS_HOME (default ~/.snowops).`,

  tools: `usage: snowops tools [--json] [--policy FILE]

Lists the tools this policy offers, one per line: name, effect, toolset, title.
  --json          the full list as JSON, with each tool's input and output JSON Schema
  --policy FILE   read the policy from FILE instead of $SNOWOPS_HOME/snowops.toml`,

  call: `usage: snowops call TOOL ['{json}'] [--yes] [--dry-run] [--connection NAME] [--role ROLE] [--policy FILE]

Runs one tool with JSON arguments and prints its structured result as JSON on stdout ('-' in
place of the JSON reads it from stdin).
Errors print { "status": "error", "error": { code, message, ... } } on stdout and one line
on stderr.
  --yes               confirm a plan that needs confirmation (destructive, or disruptive)
  --dry-run           print the plan (exact SQL and impact) and run nothing
  --connection NAME   the connection to use; "local" is the embedded emulator
  --role ROLE         the role for this run, over the connection's role and SNOWFLAKE_ROLE
  --policy FILE       read the policy from FILE instead of $SNOWOPS_HOME/snowops.toml

On a terminal, a plan that needs confirmation is shown and you are asked y/N. Otherwise the
call stops with exit code 3 and prints the plan with a confirmation_token; add
"confirmation_token": "<token>" to the same arguments within 5 minutes to run it (once).

exit codes: 0 done, read or planned; 1 error from Snowflake or at run time; 2 bad input;
3 confirmation required; 4 cancelled; 5 denied by policy

examples:
  snowops call list_objects '{"kind":"database"}'
  snowops call create_database '{"name":"python_api_db","mode":"or_replace"}'
  snowops call drop_object '{"kind":"database","name":"python_api_db"}' --dry-run`,

  audit: `usage: snowops audit [--since 1h|ISO] [--tool TOOL] [--actor TEXT] [--outcome OUTCOME] [--limit N] [--json]

Lists the audit log ($SNOWOPS_HOME/audit.sqlite), newest first: every call that changed or
tried to change something (done, planned, confirmation_required, refused, cancelled, failed, or
running when its process ended mid-change) and every read that failed or was refused.
  --since 1h|ISO      only records since a duration ago (30s, 15m, 1h, 2d, 1w) or an instant
  --tool TOOL         only this tool
  --actor TEXT        only actors containing TEXT (OS user, "slack:U012ABC", MCP client name)
  --outcome OUTCOME   only this outcome (e.g. refused)
  --limit N           at most N records (default 100)
  --json              the records as JSON: arguments (secrets redacted), statements with query
                      ids, who confirmed and how, the error, the duration`,

  policy: `usage: snowops policy check [--policy FILE]

Validates the policy ($SNOWOPS_HOME/snowops.toml, or FILE) and prints the effective policy as
JSON, defaults filled in. Exit code 2 names the file and key of any mistake.`,

  mcp: `usage: snowops mcp [--connection NAME] [--role ROLE] [--toolsets core,tasks,spcs,sql] [--read-only] [--policy FILE] [--runbooks DIR]

Serves the tools over MCP on stdio (stdout carries JSON-RPC only; logs go to stderr).
  --connection NAME   the connection (or SNOWOPS_CONNECTION); "local" is the embedded emulator
  --role ROLE         the role for this server, over the connection's role and SNOWFLAKE_ROLE
  --toolsets LIST     offer only these toolsets (or SNOWOPS_TOOLSETS; default: all)
  --read-only         offer only tools that read, run_sql for reads only (or SNOWOPS_READ_ONLY=true)
  --policy FILE       the policy (or SNOWOPS_POLICY) instead of $SNOWOPS_HOME/snowops.toml
  --runbooks DIR      also offer the runbooks in DIR as prompts (or SNOWOPS_RUNBOOKS), besides the
                      built-in ones and $SNOWOPS_HOME/runbooks/`,

  slack: `usage: snowops slack [--connection NAME] [--role ROLE] [--policy FILE] [--runbooks DIR] [--http --port P]
       snowops slack manifest [--http URL] [--format json|yaml]

Serves /snowops slash commands with Block Kit confirmations. Socket Mode by default
(SLACK_APP_TOKEN and SLACK_BOT_TOKEN); --http serves /slack/events on port P (default 3000),
verified with SLACK_SIGNING_SECRET. Access per user and channel comes from the policy's [slack]
section. --role ROLE sets the role the app works as, over the connection's role. --runbooks DIR
(or SNOWOPS_RUNBOOKS) adds the runbooks in DIR to those /snowops runbook offers. SNOWOPS_SLACK_API_URL overrides Slack's Web API URL. Logs go to stderr.
"manifest" prints the Slack app manifest (Socket Mode, or request URLs under --http URL).`,

  connections: `usage: snowops connections [--json]
       snowops connections test [NAME]

Lists the connections snowops can see: name, where it is defined, account, user and host, with
the default marked "*" and secrets masked. They come from $SNOWFLAKE_HOME (default ~/.snowflake)
connections.toml [NAME] and config.toml [connections.NAME], as the Snowflake CLI reads them;
SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, ... override the file; "env" is a connection made of those
variables alone and "local" is the embedded emulator.

"test" logs in with NAME (default: the default connection) and runs
SELECT CURRENT_ACCOUNT(), CURRENT_ROLE(), CURRENT_WAREHOUSE().
  --json   print the list as JSON`,

  runbook: `usage: snowops runbook list [--json] [--runbooks DIR]
       snowops runbook show NAME [--runbooks DIR]
       snowops runbook run NAME_OR_FILE [--param k=v ...] [--yes] [--resume RUN_ID] [--runbooks DIR]
                          [--connection NAME] [--role ROLE] [--policy FILE]

A runbook is a YAML file of ordered steps, each one tool call (see "Runbooks" in the README).
Built in: quickstart, spcs-quickstart and quickstart-cleanup (the Snowflake Python API
quickstart, run in that order). More are read from $SNOWOPS_HOME/runbooks/ and from
--runbooks DIR (a later folder's runbook of the same name wins).
NAME_OR_FILE is a runbook's name or the path of a YAML file.

"run" checks the whole file first (tools, arguments, references), then runs each step through
the same plans, policy, confirmation and audit as "snowops call", printing each step's title,
status and duration on stderr and a JSON summary on stdout.
  --param k=v         set a param (repeatable); the others keep their defaults
  --yes               confirm every step that needs confirmation
  --resume RUN_ID     continue a run that stopped; steps that succeeded are not run again and
                      their results feed the later steps
  --runbooks DIR      also read runbooks from DIR (or SNOWOPS_RUNBOOKS)
  --connection NAME   the connection to run on; "local" is the embedded emulator
  --role ROLE         the role for this run, over the connection's role and SNOWFLAKE_ROLE
  --policy FILE       read the policy from FILE instead of $SNOWOPS_HOME/snowops.toml

On a terminal, a step that needs confirmation shows its plan and asks y/N. Otherwise, without
--yes, the run stops at that step with exit code 3. A run that stops prints the line that
continues it: snowops runbook run NAME_OR_FILE --resume RUN_ID

exit codes: 0 every step that had to succeed did; 1 a step failed (error from Snowflake or at
run time); 2 bad input (an invalid runbook, an unknown param or run id); 3 confirmation required;
4 cancelled; 5 denied by policy`,

  emulator: `usage: snowops emulator serve [--port P] [--host 127.0.0.1] [--user U --password P]

Serves the local emulator (the account in $SNOWOPS_HOME, default ~/.snowops) over Snowflake's
HTTP protocol, so the official Snowflake drivers and snowops itself can connect to it:
  connections.toml:  [emulator]
                     account = "local"
                     user = "me"
                     password = "any"
                     host = "127.0.0.1"
                     port = 8765
                     protocol = "http"
  --port P           port to listen on (default 8765; 0 picks a free one); the port in use is
                     printed on stderr
  --host H           address to bind (default 127.0.0.1, loopback only). Anyone who can reach
                     the port can use the local account: bind elsewhere only with --user/--password
  --user U           require this user and password for password logins
  --password P       (or SNOWOPS_EMULATOR_PASSWORD, which keeps it out of the process list)
  --session-ttl S    seconds a session token lasts before the client must renew it (default 3600)
  --master-ttl S     seconds a login lasts before the client must log in again (default 14400)

Key-pair (SNOWFLAKE_JWT), OAUTH and PROGRAMMATIC_ACCESS_TOKEN logins are accepted WITHOUT
verifying the key or token: the emulator holds no public keys or token issuers. Browser and
SSO logins are refused. Press Ctrl-C to stop.`,
};
