/**
 * Test hooks: faults injected at moments a test cannot hit from outside. They are read from the
 * environment here and nowhere else, and documented in the README ("Test hooks"):
 * - SNOWOPS_FAULT_AUDIT=fail: every audit write fails (the operation must go on regardless).
 * - SNOWOPS_FAULT_KILL_AFTER_STATEMENTS=N: the process kills itself with SIGKILL right after the
 *   Nth statement of a change ran, as a crash at that moment would.
 */
export interface Faults {
  auditFails: boolean;
  killAfterStatements: number | null;
}

let current: Faults | undefined;
let statementsRun = 0;

export function faults(): Faults {
  if (!current) {
    const kill = Number(process.env.SNOWOPS_FAULT_KILL_AFTER_STATEMENTS ?? '');
    current = {
      auditFails: process.env.SNOWOPS_FAULT_AUDIT === 'fail',
      killAfterStatements: Number.isInteger(kill) && kill > 0 ? kill : null,
    };
  }
  return current;
}

/** Counts a statement that changed the account; with the kill hook set, dies after the Nth. */
export function statementApplied(): void {
  const { killAfterStatements } = faults();
  if (killAfterStatements === null) return;
  statementsRun++;
  if (statementsRun >= killAfterStatements) process.kill(process.pid, 'SIGKILL');
}
