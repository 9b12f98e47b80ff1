/**
 * The object-kind table: every kind snowops knows, and the KindSpec that implements it.
 * To add a kind: write src/resources/<kind>.ts exporting its KindSpec, import it here and put
 * it in place of `undefined`. list_objects, describe_object and drop_object pick it up.
 */
import { SnowopsError } from '../errors.js';
import { computePool } from './compute_pool.js';
import { dag } from './dag.js';
import { database } from './database.js';
import { imageRepository } from './image_repository.js';
import { schema } from './schema.js';
import { service } from './service.js';
import { stage } from './stage.js';
import { table } from './table.js';
import { task } from './task.js';
import type { KindSpec, ObjectKind } from './types.js';
import { OBJECT_KIND_NAMES } from './types.js';
import { warehouse } from './warehouse.js';

export const OBJECT_KINDS: Record<ObjectKind, KindSpec | undefined> = {
  database,
  schema,
  table,
  stage,
  warehouse,
  task,
  dag,
  compute_pool: computePool,
  image_repository: imageRepository,
  service,
};

/** The KindSpec for a kind, or an `unsupported` error naming the kinds that work. */
export function kindSpec(kind: string): KindSpec {
  const spec = (OBJECT_KINDS as Record<string, KindSpec | undefined>)[kind];
  if (spec) return spec;
  const known = (OBJECT_KIND_NAMES as readonly string[]).includes(kind);
  throw new SnowopsError(
    known ? 'unsupported' : 'invalid_input',
    known ? `Object kind "${kind}" is not supported by this version of snowops.` : `Unknown object kind "${kind}".`,
    { hint: `Supported kinds: ${supportedKinds().join(', ')}.` },
  );
}

export function supportedKinds(): ObjectKind[] {
  return OBJECT_KIND_NAMES.filter((k) => OBJECT_KINDS[k] !== undefined);
}
