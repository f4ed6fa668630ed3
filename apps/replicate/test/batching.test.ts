// fluid-replicate --batch k: rows carry `abilities_fb_batch_<k>`, the analysis measures them like Fluid
// Benchmarking, and the report shows "Fluid Benchmarking (batch k)".
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, initSync } from '@fluidbench/core';
import { fluidBenchmarkingBatched } from '@fluidbench/harness';
import { BUDGETS, analyze } from '../src/analysis';
import { gridTasks } from '../src/grid';
import { writeReport } from '../src/report';
import { syntheticColumns, syntheticWorld } from '../src/synthetic';
import { runUnit } from '../src/unit';

beforeAll(() => initSync());

describe('fluid-replicate --batch', () => {
  it('adds each batch size\'s replayed abilities to the rows, measured like Fluid Benchmarking', async () => {
    const world = syntheticWorld({ scale: 0.05 });
    const tasks = gridTasks(world, 0, 40, [4, 16]).filter((task) => task.benchmark === 'arc_challenge' || task.benchmark === 'mmlu');
    const rows = (await Promise.all(tasks.map(runUnit))).flatMap((unit) => unit.lines.trim().split('\n').map((line) => JSON.parse(line)));
    const task = tasks[0];
    const recipe = task.recipe;
    if (recipe.kind !== 'synthetic') throw new Error('expected the synthetic world');
    const column = syntheticColumns(recipe, task)[0];
    const bank = new ItemBank({ ids: task.ids, a: task.a, b: task.b });
    for (const batch of [4, 16]) {
      const expected = fluidBenchmarkingBatched(column, bank, { batch, nMax: 40, start: task.startAbility }).abilities;
      expect(rows[0][`abilities_fb_batch_${batch}`]).toEqual(expected);
    }
    // batch sizes > 1 choose differently from batch 1 somewhere in the grid
    expect(rows.some((row) => JSON.stringify(row.abilities_fb_batch_16) !== JSON.stringify(row.abilities_fb))).toBe(true);

    const selected = { ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'arc_challenge' || b.name === 'mmlu') };
    const analysis = analyze(rows, selected);
    expect(analysis.batches.map((entry) => entry.batch)).toEqual([4, 16]);
    // the same abilities under another name give the same metrics
    const copied = rows.map((row) => ({ ...row, abilities_fb_batch_2: row.abilities_fb }));
    const same = analyze(copied, selected).batches.find((entry) => entry.batch === 2)!;
    for (const budget of BUDGETS) expect(same.metrics[budget]).toEqual(analysis.summary.fluid[budget]);

    const out = mkdtempSync(join(tmpdir(), 'fluid-replicate-batch-'));
    writeReport(out, { world: selected, analysis, nMax: 40, seed: 0, gridSeconds: 1, unitsRan: tasks.length, unitsSkipped: 0 });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('## The price of batching');
    for (const label of ['Fluid Benchmarking (batch 1)', 'Fluid Benchmarking (batch 4)', 'Fluid Benchmarking (batch 16)']) expect(report).toContain(`| 10 | ${label} |`);
  });

  it('leaves rows and analysis as they were without --batch', async () => {
    const world = syntheticWorld({ scale: 0.05 });
    const [task] = gridTasks(world, 0, 20);
    const [row] = (await runUnit(task)).lines.trim().split('\n').map((line) => JSON.parse(line));
    expect(Object.keys(row).some((key) => key.startsWith('abilities_fb_batch_'))).toBe(false);
    expect(analyze([row], world).batches).toEqual([]);
  });
});
