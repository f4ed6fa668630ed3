// Linear-memory layout of the engine. Every region is laid out once by `configure()` (and again only when a
// capacity grows), starting at the heap base, 16-byte aligned. All reals are f64, indices i32.
//
//   region        element   count                   content
//   ITEM_A        f64       nItems                  discrimination a_j as given (may be negative)
//   ITEM_B        f64       nItems                  difficulty b_j
//   ITEM_C        f64       nItems                  lower asymptote c_j (0 for 2PL)
//   ITEM_D        f64       nItems                  upper asymptote d_j (1 for 2PL)
//   ITEM_DA       f64       nItems                  D·a_j (written by prepareBank)
//   ITEM_A2       f64       nItems                  (D·a_j)² (written by prepareBank)
//   RESPONSES     f64       nItems × nColumns       column-major response matrix; NaN = missing
//   USED          u8        nItems                  1 where the item is administered or unavailable
//   ORDER         i32       nItems                  a given administration order (selector "sequence")
//   SUBSET        i32       maxSteps                item indices for estimate-on-subset calls
//   ADM_A/B/C/D/X f64       maxSteps                the administered items' parameters and responses
//   OUT_ITEMS     i32       maxSteps × nColumns     replay output: item per step, run by run
//   OUT_THETA     f64       maxSteps × nColumns     replay output: ability after each step
//   OUT_SE        f64       maxSteps × nColumns     replay output: standard error after each step
//   OUT_STEPS     i32       nColumns                replay output: steps taken per run
//   OUT_STOP      i32       nColumns                replay output: stop reason per run
//   NODES         f64       nNodes                  EAP quadrature nodes
//   LOG_POST      f64       nNodes                  EAP running log-likelihood per node
//   SEL_ORDER     i32       nItems                  items by b-bucket, each bucket by |D·a| descending
//   SEL_BUCKET    i32       nItems + 1              bucket starts into SEL_ORDER (nBuckets + 1 used)
//   ITEM_INFO     f64       nItems                  output of informationBank()
//   SEL_BMIN      f64       nItems                  smallest b of each bucket
//   SEL_BMAX      f64       nItems                  largest b of each bucket
//   SEL_HEAD      i32       nItems                  first position of each bucket not yet known to be used
//   SEL_ALPHA     f64       nItems                  |D·a| in SEL_ORDER order (cache-friendly bound checks)

export const REGION_ITEM_A: i32 = 0;
export const REGION_ITEM_B: i32 = 1;
export const REGION_ITEM_C: i32 = 2;
export const REGION_ITEM_D: i32 = 3;
export const REGION_ITEM_DA: i32 = 4;
export const REGION_ITEM_A2: i32 = 5;
export const REGION_RESPONSES: i32 = 6;
export const REGION_USED: i32 = 7;
export const REGION_ORDER: i32 = 8;
export const REGION_SUBSET: i32 = 9;
export const REGION_ADM_A: i32 = 10;
export const REGION_ADM_B: i32 = 11;
export const REGION_ADM_C: i32 = 12;
export const REGION_ADM_D: i32 = 13;
export const REGION_ADM_X: i32 = 14;
export const REGION_OUT_ITEMS: i32 = 15;
export const REGION_OUT_THETA: i32 = 16;
export const REGION_OUT_SE: i32 = 17;
export const REGION_OUT_STEPS: i32 = 18;
export const REGION_OUT_STOP: i32 = 19;
export const REGION_NODES: i32 = 20;
export const REGION_LOG_POST: i32 = 21;
export const REGION_SEL_ORDER: i32 = 22;
export const REGION_SEL_BUCKET: i32 = 23;
export const REGION_ITEM_INFO: i32 = 24;
export const REGION_SEL_BMIN: i32 = 25;
export const REGION_SEL_BMAX: i32 = 26;
export const REGION_SEL_HEAD: i32 = 27;
export const REGION_SEL_ALPHA: i32 = 28;
const REGION_COUNT: i32 = 29;

// Region start addresses, indexed by REGION_*; filled by configure().
const regionTable = memory.data(REGION_COUNT * 8);

export let capItems: i32 = 0;
export let capSteps: i32 = 0;
export let capColumns: i32 = 0;
export let capNodes: i32 = 0;

@inline export function region(which: i32): usize {
  return <usize>load<u64>(regionTable + (<usize>which << 3));
}

/**
 * Entry i of an administered-item column (REGION_ADM_A … REGION_ADM_X): the one way the 1–4PL loops over the
 * administered items read them.
 */
@inline export function administered(column: i32, i: i32): f64 {
  return load<f64>(region(column) + (<usize>i << 3));
}

function setRegion(which: i32, at: usize): void {
  store<u64>(regionTable + (<usize>which << 3), <u64>at);
}

/** `x` rounded up to a multiple of 16 bytes (every region starts 16-byte aligned). */
@inline export function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

function ensureMemory(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}

/**
 * Lays out all regions for the given capacities, growing memory as needed. Returns 1 when the layout
 * moved (callers must then rewrite the bank and rebuild their views), 0 when the current one already fits.
 */
export function configure(nItems: i32, maxSteps: i32, nColumns: i32, nNodes: i32): i32 {
  if (nItems <= capItems && maxSteps <= capSteps && nColumns <= capColumns && nNodes <= capNodes) return 0;
  if (nItems < capItems) nItems = capItems;
  if (maxSteps < capSteps) maxSteps = capSteps;
  if (nColumns < capColumns) nColumns = capColumns;
  if (nNodes < capNodes) nNodes = capNodes;
  if (nItems < 1) nItems = 1;
  if (maxSteps < 1) maxSteps = 1;
  if (nColumns < 1) nColumns = 1;
  if (nNodes < 2) nNodes = 2;
  const items = <usize>nItems;
  const steps = <usize>maxSteps;
  const cols = <usize>nColumns;
  let at = align16(__heap_base);
  for (let r = REGION_ITEM_A; r <= REGION_ITEM_A2; r++) {
    setRegion(r, at);
    at = align16(at + (items << 3));
  }
  setRegion(REGION_RESPONSES, at);
  at = align16(at + ((items * cols) << 3));
  setRegion(REGION_USED, at);
  at = align16(at + items);
  setRegion(REGION_ORDER, at);
  at = align16(at + (items << 2));
  setRegion(REGION_SUBSET, at);
  at = align16(at + (steps << 2));
  for (let r = REGION_ADM_A; r <= REGION_ADM_X; r++) {
    setRegion(r, at);
    at = align16(at + (steps << 3));
  }
  setRegion(REGION_OUT_ITEMS, at);
  at = align16(at + ((steps * cols) << 2));
  setRegion(REGION_OUT_THETA, at);
  at = align16(at + ((steps * cols) << 3));
  setRegion(REGION_OUT_SE, at);
  at = align16(at + ((steps * cols) << 3));
  setRegion(REGION_OUT_STEPS, at);
  at = align16(at + (cols << 2));
  setRegion(REGION_OUT_STOP, at);
  at = align16(at + (cols << 2));
  setRegion(REGION_NODES, at);
  at = align16(at + (<usize>nNodes << 3));
  setRegion(REGION_LOG_POST, at);
  at = align16(at + (<usize>nNodes << 3));
  setRegion(REGION_SEL_ORDER, at);
  at = align16(at + (items << 2));
  setRegion(REGION_SEL_BUCKET, at);
  at = align16(at + ((items + 1) << 2));
  setRegion(REGION_ITEM_INFO, at);
  at = align16(at + (items << 3));
  setRegion(REGION_SEL_BMIN, at);
  at = align16(at + (items << 3));
  setRegion(REGION_SEL_BMAX, at);
  at = align16(at + (items << 3));
  setRegion(REGION_SEL_HEAD, at);
  at = align16(at + (items << 2));
  setRegion(REGION_SEL_ALPHA, at);
  at = align16(at + (items << 3));
  ensureMemory(at);
  layoutEndAddress = at;
  capItems = nItems;
  capSteps = maxSteps;
  capColumns = nColumns;
  capNodes = nNodes;
  return 1;
}

// End of the last region laid out by configure() (0 before the first call); see layoutEnd().
let layoutEndAddress: usize = 0;

/** First free (16-byte aligned) address after this layout: other arenas (fit.ts) start here. */
export function layoutEnd(): usize {
  return layoutEndAddress > 0 ? layoutEndAddress : align16(__heap_base);
}

/** Start address of a region (see the table above). */
export function pointer(which: i32): usize {
  return region(which);
}

export function capacityItems(): i32 { return capItems; }
export function capacitySteps(): i32 { return capSteps; }
export function capacityColumns(): i32 { return capColumns; }
export function capacityNodes(): i32 { return capNodes; }
