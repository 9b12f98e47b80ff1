/**
 * The catalog: every tool snowops offers, in the order front ends list them. To add an area,
 * write tools/<area>.ts exporting an array of ToolDef, import it here and spread it below.
 * Read-only mode needs nothing here: the runner offers read tools and readOnlyVariant tools.
 */
import type { ToolDef } from '../src/ops/types.js';
import { dagTools } from './dags.js';
import { objectTools } from './objects.js';
import { spcsTools } from './spcs.js';
import { sqlTools } from './sql.js';
import { taskTools } from './tasks.js';
import { warehouseTools } from './warehouses.js';

export const catalog: ToolDef[] = [
  ...objectTools,
  ...warehouseTools,
  ...taskTools,
  ...dagTools,
  ...spcsTools,
  ...sqlTools,
];
