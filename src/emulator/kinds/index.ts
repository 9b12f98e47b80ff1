/**
 * Every module the engine loads, in one list. A new kind (or statement family) is one file
 * exporting `register(registry)` plus one line here.
 */
import type { Registry } from '../registry.js';
import * as sample from '../sample.js';
import * as spcsFunctions from '../spcs/functions.js';
import * as parameters from '../statements/parameters.js';
import * as query from '../statements/query.js';
import * as session from '../statements/session.js';
import * as system from '../statements/system.js';
import * as use from '../statements/use.js';
import * as keys from '../tables/keys.js';
import * as timeTravel from '../timetravel.js';
import * as computePool from './compute_pool.js';
import * as database from './database.js';
import * as imageRepository from './image_repository.js';
import * as schema from './schema.js';
import * as service from './service.js';
import * as stage from './stage.js';
import * as table from './table.js';
import * as task from './task.js';
import * as warehouse from './warehouse.js';

const MODULES: { register(registry: Registry): void }[] = [
  database,
  schema,
  table,
  keys,
  stage,
  warehouse,
  use,
  system,
  query,
  session,
  parameters,
  sample,
  computePool,
  imageRepository,
  service,
  spcsFunctions,
  task,
  timeTravel,
];

export function registerAll(registry: Registry): void {
  for (const m of MODULES) m.register(registry);
}
