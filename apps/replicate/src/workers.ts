import { numberArgument } from '@fluidbench/data';

/**
 * --workers, capped at the machine's cores: more threads than cores only queue behind each other (a
 * thousand of them did not finish in a minute), so a larger value is lowered, with a word on stderr.
 *
 * @example
 * ```ts
 * workersArg('64', 8, console.error); // returns 8 and logs that 64 was capped at 8
 * ```
 */
export function workersArg(value: string | undefined, cores: number, log: (message: string) => void): number {
  if (value === undefined) return cores;
  const wanted = numberArgument('workers', value, { integer: true, min: 1 });
  if (wanted <= cores) return wanted;
  log(`fluid-replicate: --workers ${wanted} capped at ${cores}, the number of cores here`);
  return cores;
}
