/**
 * Image repositories: SHOW IMAGE REPOSITORIES rows to the model (with SHOW IMAGES for the full
 * model), CREATE IMAGE REPOSITORY and its plan. Images get in with `docker push` to the
 * repository_url, not through SQL (see the README).
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { qualified } from '../sql/identifiers.js';
import { createHead, type SqlMode } from './ddl.js';
import { text, textOrNull, timestamp } from './rows.js';
import type { KindSpec, Model, ObjectRef } from './types.js';

export const imageModel = z.object({
  image_name: z.string(),
  tags: z.array(z.string()),
  digest: z.string().nullable(),
  created_on: z.string().nullable(),
});

export const imageRepositoryModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  repository_url: z.string(),
  owner: z.string(),
  created_on: z.string().nullable(),
  images: z.array(imageModel).optional(),
});

export type ImageRepository = z.infer<typeof imageRepositoryModel>;

export function imageRepositoryFromRow(row: Row): ImageRepository {
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    schema_name: text(row, 'schema_name'),
    repository_url: text(row, 'repository_url'),
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

function imageFromRow(row: Row): z.infer<typeof imageModel> {
  const tags = text(row, 'tags');
  return {
    image_name: text(row, 'image_name'),
    tags: tags
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((t) => t.trim().replace(/^"|"$/g, ''))
      .filter((t) => t !== ''),
    digest: textOrNull(row, 'digest'),
    created_on: timestamp(row, 'created_on'),
  };
}

async function describeImageRepository(client: SqlClient, ref: ObjectRef, row: Row): Promise<Model> {
  const images = await client.execute(
    `SHOW IMAGES IN IMAGE REPOSITORY ${qualified(ref.database ?? '', ref.schema ?? '', ref.name)}`,
  );
  return { ...imageRepositoryFromRow(row), images: images.rows.map(imageFromRow) };
}

export const imageRepository: KindSpec = {
  kind: 'image_repository',
  label: 'image repository',
  keyword: 'IMAGE REPOSITORY',
  plural: 'IMAGE REPOSITORIES',
  scope: 'schema',
  showPaging: false,
  summary: imageRepositoryFromRow,
  describe: describeImageRepository,
  detail: () => 'every image pushed to it goes with it',
};

export interface CreateImageRepository {
  database: string;
  schema: string;
  name: string;
  mode: SqlMode;
}

export function createImageRepositorySql(r: CreateImageRepository): string {
  return createHead(r.mode, 'IMAGE REPOSITORY', [r.database, r.schema, r.name]);
}
