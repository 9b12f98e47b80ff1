/** The quickstart's names and values (DESIGN §9), as every front end's run of it uses them. */
export type Result = Record<string, unknown>;

export const DB = 'PYTHON_API_DB';
export const IN = { database: DB, schema: 'PYTHON_API_SCHEMA' };
export const SPCS = { database: 'SPCS_PYTHON_API_DB', schema: 'PUBLIC' };

/** A task body in Python, as the quickstart's tasks have them. */
export const python = (handler: string) => ({
  python: { code: `def ${handler}(session):\n    return "ok"`, handler, packages: ['snowflake-snowpark-python'] },
});

/** A service specification: one container of `image`, one public endpoint on port 80. */
export const serviceSpec = (image: string) => `spec:
  containers:
  - name: web-server
    image: ${image}
  endpoints:
  - name: ui
    port: 80
    public: true
`;

/** Step 7's service: NGINX from the quickstart's image repository. */
export const nginxSpec = (repositoryUrl: string) => serviceSpec(`${repositoryUrl}/nginx:latest`);

/** The names on a page of list_objects. */
export const names = (page: Result) => (page.objects as { name: string }[]).map((o) => o.name);

/** name -> state of the quickstart schema's tasks, through a front end's successful call. */
export async function taskStates(ok: (tool: string, args: Result) => Promise<Result>): Promise<Record<string, string>> {
  const page = await ok('list_objects', { kind: 'task', ...IN });
  return Object.fromEntries((page.objects as { name: string; state: string }[]).map((t) => [t.name, t.state]));
}
