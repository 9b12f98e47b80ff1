/** One line saying what a step's structured result holds, for progress lines and Slack. */

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function stepSummary(result: Record<string, unknown>): string {
  if (typeof result.message === 'string' && result.message !== '') return result.message;
  if (Array.isArray(result.objects)) {
    const names = (result.objects as { name?: unknown }[]).map((o) => o.name).filter((n) => typeof n === 'string');
    const shown = names.slice(0, 5).join(', ');
    return `${count(result.objects.length, 'object')} found${shown ? `: ${shown}${names.length > 5 ? ', ...' : ''}` : ''}`;
  }
  if (Array.isArray(result.runs)) return count(result.runs.length, 'run');
  if (Array.isArray(result.containers)) {
    const states = (result.containers as { status?: unknown }[]).map((c) => String(c.status)).join(', ');
    return `${count(result.containers.length, 'container')}${states ? ` (${states})` : ''}`;
  }
  if (Array.isArray(result.rows)) return count(result.rows.length, 'row');
  const object = result.object as Record<string, unknown> | undefined;
  if (object && typeof object.name === 'string') return `${String(result.kind ?? 'object')} ${object.name}`;
  return '';
}
