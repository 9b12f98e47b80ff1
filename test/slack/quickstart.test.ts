/**
 * DESIGN §9 from Slack: `snowops slack --http` as a child process against the fake Slack, every
 * step a correctly signed slash command, every confirmation a Confirm click. The emulator the
 * app uses is checked directly (same SNOWOPS_HOME).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack.js';
import {
  type AppProcess,
  buttons,
  click,
  databaseNames,
  fullAccess,
  query,
  response,
  slashCommand,
  startWithFake,
  stopAll,
  textOf,
} from './helpers.js';

const ADMIN = 'UADMIN';
const OPS = 'COPS';
const POLICY = `[slack]\naudit_channel = "CAUDIT"\n${fullAccess(ADMIN, OPS)}`;

type Message = Record<string, unknown>;

let fake: FakeSlack;
let app: AppProcess;
let home: string;

beforeAll(async () => {
  // Endpoints take 2P seconds: long enough to see the progress message being edited.
  ({ fake, home, app } = await startWithFake('snowops-slack-qs-', {
    policy: POLICY,
    env: { SNOWOPS_EMULATOR_PROVISION_SECONDS: '3' },
  }));
});

afterAll(() => stopAll(fake, app));

/** One command; its first answer through response_url. */
async function run(text: string): Promise<Message> {
  const delivery = await slashCommand(app, fake, ADMIN, OPS, text);
  expect(delivery.status, app.stderr()).toBe(200);
  expect(delivery.body, `no usage error expected for: ${text}`).toBe('');
  return response(fake, delivery.responseUrl);
}

async function ok(text: string): Promise<string> {
  const answer = textOf(await run(text));
  expect(answer, text).not.toMatch(/failed \(|:x:/);
  return answer;
}

/** A command whose plan needs confirmation, confirmed by a click; the message it was replaced by. */
async function confirmed(text: string): Promise<{ plan: string; result: Message }> {
  const plan = await run(text);
  const confirm = buttons(plan).snowops_confirm;
  expect(confirm, `${text} should ask for confirmation: ${textOf(plan)}`).toBeDefined();
  expect(confirm!.style).toBe('danger');
  expect(confirm!.confirm).toBeDefined();
  expect(plan.response_type).toBe('ephemeral');
  const delivery = await click(app, fake, ADMIN, OPS, confirm!);
  expect(delivery.status).toBe(200);
  const result = await response(fake, delivery.responseUrl);
  expect(result.replace_original).toBe(true);
  return { plan: textOf(plan), result };
}

async function taskStates(): Promise<Record<string, string>> {
  const rows = await query(home, 'SHOW TASKS IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA');
  return Object.fromEntries(rows.map((r) => [String(r.name), String(r.state)]));
}

const python = (handler: string) =>
  JSON.stringify({ python: { code: `def ${handler}(session):\n    return "ok"`, handler } });

describe('the quickstart from Slack', () => {
  it('creates the database, schema and table, and describes them (steps 1-3)', async () => {
    await ok('create_database python_api_db mode=or_replace');
    await ok('create-schema python_api_db.python_api_schema mode=or_replace');
    await ok(
      'create_table python_api_db.python_api_schema.python_api_table [{"name":"temperature","datatype":"int","nullable":false},{"name":"location","datatype":"string"}] mode=or_replace',
    );
    let described = await ok('describe_object table python_api_db.python_api_schema.python_api_table');
    expect(described).toContain('NUMBER(38,0)');
    expect(described).toContain('VARCHAR(16777216)');
    expect(described).toMatch(/\*rows\*\n0/);
    await ok(
      'add_column python_api_db.python_api_schema.python_api_table {"name":"elevation","datatype":"int","nullable":false} primary_key=true',
    );
    described = await ok('describe_object table python_api_db.python_api_schema.python_api_table');
    expect(described).toContain('*columns* (3)');
    expect(described).toMatch(/PRIMARY KEY[\s\S]*ELEVATION|ELEVATION[\s\S]*PRIMARY KEY/);
  });

  it('creates, lists and resizes a warehouse (step 4)', async () => {
    const created = await run('create_warehouse python_api_wh size=small auto_suspend=500');
    expect(created.response_type, 'a change is shown in the channel').toBe('in_channel');
    expect(textOf(created)).toContain('SMALL');
    expect(await ok('list_objects warehouse like=PYTHON_API_WH')).toContain('*PYTHON_API_WH*');
    await ok('resize_warehouse python_api_wh LARGE');
    expect(await ok('describe_object warehouse python_api_wh')).toMatch(/\*warehouse_size\*\nLARGE/);
  });

  it('creates, resumes, suspends and drops tasks, confirming by button (step 5)', async () => {
    await ok('create_stage python_api_db.python_api_schema.tasks_stage');
    const db = 'python_api_db.python_api_schema';
    await ok(`create_task ${db}.task_python_api_trunc ${python('trunc')} warehouse=compute_wh schedule={"minutes":1}`);
    await ok(
      `create_task ${db}.task_python_api_filter ${python('filter_by_shipmode')} warehouse=compute_wh predecessors=task_python_api_trunc`,
    );
    await ok(`resume_task ${db}.task_python_api_trunc`);
    expect(await ok(`list_objects task ${db}`)).toMatch(/TASK_PYTHON_API_FILTER\* — state: suspended/);
    expect(await taskStates()).toEqual({ TASK_PYTHON_API_FILTER: 'suspended', TASK_PYTHON_API_TRUNC: 'started' });

    const suspend = await confirmed(`suspend_task ${db}.task_python_api_trunc`);
    expect(suspend.plan).toContain('Effect: *disruptive*');
    expect(textOf(suspend.result)).toContain(':white_check_mark:');
    await confirmed(`drop_object task ${db}.task_python_api_trunc`);
    await confirmed(`drop_object task ${db}.task_python_api_filter`);
    expect(await taskStates()).toEqual({});
  });

  it('deploys, runs and drops a DAG (step 6)', async () => {
    const tasks = JSON.stringify([
      { name: 'task_python_api_trunc', definition: JSON.parse(python('trunc')) },
      {
        name: 'task_python_api_filter',
        definition: JSON.parse(python('filter_by_shipmode')),
        predecessors: ['task_python_api_trunc'],
      },
    ]);
    await ok(
      `deploy_dag python_api_db.python_api_schema.python_api_dag ${tasks} schedule={"minutes":1440} warehouse=compute_wh mode=or_replace`,
    );
    expect(await taskStates()).toEqual({
      PYTHON_API_DAG: 'started',
      PYTHON_API_DAG$TASK_PYTHON_API_FILTER: 'started',
      PYTHON_API_DAG$TASK_PYTHON_API_TRUNC: 'started',
    });
    await ok('run_dag python_api_db.python_api_schema.python_api_dag');
    expect(await ok('get_dag_runs python_api_db.python_api_schema.python_api_dag')).toMatch(/\*runs\* \([1-9]/);
    const drop = await confirmed('drop_object dag python_api_db.python_api_schema.python_api_dag');
    expect(drop.plan).toContain('PYTHON_API_DAG$TASK_PYTHON_API_TRUNC');
    expect(await taskStates()).toEqual({});
  });

  it('runs container services, with endpoints shown in a message edited while they provision (step 7)', async () => {
    await ok('create_database spcs_python_api_db mode=or_replace');
    expect(await ok('list_objects schema spcs_python_api_db')).toContain('*PUBLIC*');
    await ok('create_compute_pool MyComputePool CPU_X64_XS 1 2');
    await ok('create_image_repository spcs_python_api_db.public.MyImageRepository');
    const repo = await ok('describe_object image_repository spcs_python_api_db.public.MyImageRepository');
    const url = /\*repository_url\*\n(\S+)/.exec(repo)?.[1];
    expect(url).toMatch(/myimagerepository$/i);
    // Slack turns a host name into a link and straight quotes into curly ones; both are undone.
    const [host, ...path] = url!.split('/');
    const image = `<http://${host}|${host}>/${path.join('/')}/nginx:latest`;
    const spec = `spec:\n  containers:\n  - name: web-server\n    image: ${image}\n  endpoints:\n  - name: ui\n    port: 80\n    public: true`;
    await ok(`create_service spcs_python_api_db.public.MyService MyComputePool spec=\u201c${spec}\u201d`);
    const stored = await query(home, 'DESCRIBE SERVICE SPCS_PYTHON_API_DB.PUBLIC.MYSERVICE');
    expect(String(stored[0]?.spec)).toContain(`${url}/nginx:latest`);
    expect(await ok('get_service_status spcs_python_api_db.public.MyService')).toContain('web-server');
    expect(await ok('get_endpoints spcs_python_api_db.public.MyService')).toContain('provisioning');

    const before = fake.messages.length;
    const waiting = await slashCommand(
      app,
      fake,
      ADMIN,
      OPS,
      'get_endpoints spcs_python_api_db.public.MyService wait_seconds=30',
    );
    expect(waiting.body).toBe('');
    const progress = await fake.waitFor(
      () => fake.messages.slice(before).find((m) => m.channel === OPS && /https:\/\//.test(textOf(m))),
      40_000,
      'the endpoints message to show the URL',
    );
    expect(progress.versions.length, 'posted, then edited').toBeGreaterThanOrEqual(3);
    expect(textOf(progress.versions[0]!)).toContain('provisioning');
    expect(textOf(progress)).toMatch(/<https:\/\/[^|>]+\|https:\/\/[^>]+>/);
    const methods = fake.calls.filter((c) => c.body.ts === progress.ts || c.body.channel === OPS).map((c) => c.method);
    expect(methods).toContain('chat.update');
    expect(fake.responses(waiting.responseUrl), 'the edited message is the answer').toEqual([]);

    await confirmed('suspend_service spcs_python_api_db.public.MyService');
    await confirmed('suspend_compute_pool MyComputePool');
    const poolFirst = await confirmed('drop_object compute_pool MyComputePool');
    expect(textOf(poolFirst.result), 'a pool with a service cannot be dropped').toMatch(/failed \(|Snowflake error/);
    await confirmed('drop_object service spcs_python_api_db.public.MyService');
    await confirmed('drop_object compute_pool MyComputePool');
  });

  it('cleans up, the plan naming what goes with each database (step 8)', async () => {
    const drop = await confirmed('drop_object database python_api_db');
    expect(drop.plan).toContain('PYTHON_API_TABLE');
    expect(textOf(drop.result)).toContain('Requested by <@UADMIN>, confirmed by <@UADMIN>');
    await confirmed('drop_object database spcs_python_api_db');
    const left = (await databaseNames(home)).filter((n) => n.includes('PYTHON_API'));
    expect(left).toEqual([]);
  });

  it('recorded every change in the audit channel, one line each', async () => {
    await fake.waitFor(
      () =>
        fake.calls.some((c) => c.body.channel === 'CAUDIT' && /SPCS_PYTHON_API_DB dropped/.test(String(c.body.text))),
      10_000,
      'the last audit line',
    );
    const lines = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'CAUDIT');
    expect(lines.length).toBeGreaterThanOrEqual(20);
    for (const line of lines) {
      expect(String(line.body.text)).not.toContain('\n');
      expect(String(line.body.text)).toMatch(/by <@UADMIN> in <#COPS>/);
    }
    expect(lines.map((l) => String(l.body.text)).join('\n')).toMatch(
      /drop_object` by <@UADMIN> in <#COPS>, confirmed by <@UADMIN>: Database PYTHON_API_DB dropped/,
    );
  });
});
