/** The service specification checker as a pure function: what passes, and what is refused where. */
import { describe, expect, it } from 'vitest';
import { parseServiceSpec, SpecError } from '../../src/sql/service-spec.js';

function refusal(text: string): SpecError {
  try {
    parseServiceSpec(text);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected the spec to be refused');
}

describe('parseServiceSpec', () => {
  it("reads the quickstart's spec: containers, endpoints, defaults", () => {
    const spec = parseServiceSpec(`spec:
  containers:
  - name: web-server
    image: org-acct.registry.snowflakecomputing.com/db/public/repo/nginx:latest
    env:
      MODE: prod
    readinessProbe:
      port: 80
      path: /healthz
  endpoints:
  - name: ui
    port: 80
    public: true
  - name: range
    portRange: 8000-8010
    protocol: tcp
capabilities:
  securityContext: {}
`);
    expect(spec).toEqual({
      containers: [
        { name: 'web-server', image: 'org-acct.registry.snowflakecomputing.com/db/public/repo/nginx:latest' },
      ],
      endpoints: [
        { name: 'ui', port: 80, portRange: null, public: true, protocol: 'HTTP' },
        { name: 'range', port: null, portRange: '8000-8010', public: false, protocol: 'TCP' },
      ],
    });
  });

  it.each([
    ['', 'the specification is empty', undefined],
    ['containers: []\n', "missing 'spec' at the top level", 1],
    ['- a\n- b\n', "top-level 'spec' field", 1],
    ['spec:\n  endpoints: []\n', "missing 'containers' for 'spec'", 2],
    ['spec:\n  containers: web\n', "'spec.containers' must be a list", 2],
    ['spec:\n  containers: []\n', 'needs at least one container', 2],
    ['spec:\n  containers:\n  - image: x\n', "missing 'name' for 'spec.containers[0]'", 3],
    ['spec:\n  containers:\n  - name: web\n', "missing 'image' for 'spec.containers[0]'", 3],
    ['spec:\n  containers:\n  - name: web\n    image: ""\n', "missing 'image'", 4],
    [
      'spec:\n  containers:\n  - name: web\n    image: x\n  - name: web\n    image: y\n',
      "duplicate container name 'web'",
      5,
    ],
    ['spec:\n  containers:\n  - name: web_1\n    image: x\n', "'spec.containers[0].name' is 'web_1'", 3],
    ['spec:\n  containers:\n  - name: web-\n    image: x\n', 'ending with a letter or digit', 3],
    [
      'spec:\n  containers:\n  - name: web\n    image: x\n    command: run\n',
      "'spec.containers[0].command' must be a list",
      5,
    ],
    ['spec:\n  containers:\n  - name: web\n    image: x\n    readinessProbe:\n      port: 80\n', "missing 'path'", 6],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - name: ui\n',
      "missing 'port' for 'spec.endpoints[0]'",
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, port: 70000}\n',
      'TCP port number',
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, port: 80, portRange: 1-2}\n',
      "both 'port' and 'portRange'",
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, portRange: 9-1}\n',
      'two port numbers',
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, port: 80, public: yes}\n',
      "'spec.endpoints[0].public' must be true or false",
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, port: 80, protocol: UDP}\n',
      'one of TCP, HTTP, HTTPS',
      5,
    ],
    [
      'spec:\n  containers:\n  - {name: w, image: x}\n  endpoints:\n  - {name: ui, port: 80}\n  - {name: ui, port: 81}\n',
      "duplicate endpoint name 'ui'",
      6,
    ],
  ])('refuses %j: %s (line %s)', (text, message, line) => {
    const e = refusal(text);
    expect(e.message).toMatch(/^Invalid spec: /);
    expect(e.message).toContain(message);
    expect(e.line).toBe(line);
    if (line !== undefined) expect(e.message).toContain(`(line ${line})`);
  });

  it('refuses YAML that does not parse, naming the line', () => {
    const e = refusal('spec:\n  containers:\n  - name: web\n    image: [unclosed\n');
    expect(e.message).toMatch(/^Invalid spec: the YAML does not parse: .*line \d+, column \d+\.$/);
    expect(e.line).toBeGreaterThanOrEqual(4);
    const dup = refusal('spec:\n  containers: []\n  containers: []\n');
    expect(dup.message).toContain('Map keys must be unique');
    expect(dup.line).toBe(3);
  });

  it('refuses more than 20 containers', () => {
    const many = Array.from({ length: 21 }, (_, i) => `  - {name: c${i}, image: x}`).join('\n');
    expect(refusal(`spec:\n  containers:\n${many}\n`).message).toContain('at most 20 containers');
  });
});
