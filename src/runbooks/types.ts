/**
 * A runbook (DESIGN §10) as the loader returns it: a validated file of ordered steps, each one
 * tool call whose arguments may use templates (template.ts).
 */
import type { PathPart } from './template.js';

export type ParamValue = string | number | boolean;

export interface RunbookParam {
  default: ParamValue;
  description: string;
}

export interface RunbookStep {
  id: string;
  title: string;
  tool: string;
  args: Record<string, unknown>;
  /** A failure of this step is recorded and the run goes on. */
  continue_on_error: boolean;
}

/** Where a runbook came from: shipped with snowops, $SNOWOPS_HOME/runbooks, or --runbooks DIR. */
export type RunbookOrigin = 'built-in' | 'home' | 'dir' | 'file';

export interface Runbook {
  name: string;
  title: string;
  description: string;
  params: Record<string, RunbookParam>;
  steps: RunbookStep[];
  /** Absolute path of the file. */
  file: string;
  /** The file's text (the MCP resource serves it). */
  text: string;
  origin: RunbookOrigin;
  /** The 1-based line of a node of the file (the nearest one that exists), e.g. ['steps', 2, 'args', 'name']. */
  lineOf(path: readonly PathPart[]): number;
}
