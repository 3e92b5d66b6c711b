// The small helpers every bench uses, in a file of their own: a bench's child process that is bundled
// and measured (members-export-child.ts) imports these without lib.ts's database and demo code.

export function arg(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
