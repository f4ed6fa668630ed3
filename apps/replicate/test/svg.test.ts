// The hand-made SVG charts: tick choice, escaping, and a chart's structure.
import { describe, expect, it } from 'vitest';
import { escapeXml, lineChart, niceTicks } from '../src/svg';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // Range 17 over 4 ticks: raw step 4.25, rounded up to 5.
    expect(niceTicks(3, 20, 4)).toEqual([5, 10, 15, 20]);
    expect(niceTicks(-0.13, 0.02, 3)).toEqual([-0.1, -0.05, 0]);
  });
});

describe('tick labels', () => {
  it('keep the decimals of the step when the range holds a single tick', () => {
    // y from 0.1 to 0.9 pads to [0.06, 0.94]; the step is 0.5 and 0.5 is the only tick inside
    const svg = lineChart([{ title: 'accuracy', series: [{ label: 'Random', color: '#d95f02', points: [{ x: 1, y: 0.1 }, { x: 2, y: 0.9 }] }] }], { title: 'T', columns: 1 });
    const labels = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['0.5']);
  });
});

describe('lineChart', () => {
  it('draws one path per series with finite points, escaped titles and a legend entry per label', () => {
    const svg = lineChart([
      { title: 'a < b', series: [{ label: 'Fluid', color: '#1b9e77', points: [{ x: 1, y: 0.1 }, { x: 2, y: 0.4 }, { x: 3, y: NaN }] }] },
      { title: 'second', series: [{ label: 'Fluid', color: '#1b9e77', points: [{ x: 1, y: 2 }] }, { label: 'Random', color: '#d95f02', points: [] }] },
    ], { title: 'T & U', columns: 2 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="480"/);
    expect(svg).toContain('>a &lt; b</text>');
    expect(svg).toContain('>T &amp; U</text>');
    // Two drawn series (the empty one has no path); the NaN point is skipped: "M..L.." has two points.
    const paths = svg.match(/<path d="[^"]*"/g) ?? [];
    expect(paths).toHaveLength(2);
    expect(paths[0]?.match(/[ML]/g)).toEqual(['M', 'L']);
    // Legend: one entry per distinct label.
    expect(svg.match(/>Fluid<\/text>/g)).toHaveLength(1);
    expect(svg.match(/>Random<\/text>/g)).toHaveLength(1);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('escapes the XML specials', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
