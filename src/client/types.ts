/**
 * The one interface between the resource layer and SQL. Two implementations: the embedded
 * emulator client and the snowflake-sdk client. Resources receive it; they never build one.
 */

/** A cell as both backends return it. Timestamps come back as Date. */
export type Cell = string | number | boolean | null | Date;

/** A row keyed by column name, as the server names the column (SHOW columns are lowercase). */
export type Row = Record<string, Cell>;

export interface Column {
  name: string;
  /** Snowflake's type name in lowercase: text, fixed, real, boolean, date, timestamp_ltz, variant... */
  type: string;
}

export interface QueryResult {
  columns: Column[];
  rows: Row[];
  queryId: string;
}

/** A value bound to a `?` placeholder. */
export type Bind = string | number | boolean | null;

export interface StatementOptions {
  /** Recorded as the statement's QUERY_TAG (tool, actor, request id). */
  queryTag?: string;
}

export interface SqlClient {
  /** Which backend this is; shown to users so they always know where a statement ran. */
  readonly backend: 'emulator' | 'snowflake';
  /**
   * Runs exactly one statement. Rejects with a SnowopsError (see fromSnowflakeError) carrying
   * Snowflake's code, SQLSTATE and query id.
   */
  execute(sql: string, binds?: Bind[], options?: StatementOptions): Promise<QueryResult>;
  /** Releases the connection. Safe to call twice. */
  close(): Promise<void>;
}
