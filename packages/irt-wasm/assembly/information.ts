// Fisher information: per item (1–4PL) and summed over the administered items.
import { logistic } from './irf';
import { bankIs2PL, bankSize, scaleD } from './options';
import {
  region, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ITEM_A2, REGION_ITEM_B,
  REGION_ITEM_C, REGION_ITEM_D, REGION_ITEM_DA, REGION_ITEM_INFO,
} from './layout';

/**
 * Information of one item: P'²/(P(1−P)) with P = c + (d−c)σ, P' = (d−c)·D·a·σ(1−σ). For 2PL this is
 * (D·a)²·σ(1−σ); the 4PL form is kept separate so the 2PL value is bit-identical to the reference's.
 */
@inline export function itemInformation4(Da: f64, b: f64, c: f64, d: f64, theta: f64): f64 {
  const s = logistic(Da * (theta - b));
  const p = c + (d - c) * s;
  const q = 1.0 - p;
  if (p <= 0.0 || q <= 0.0) return 0.0;
  const dp = (d - c) * Da * s * (1.0 - s);
  return (dp * dp) / (p * q);
}

/** Information of bank item `i` at θ (reads the prepared D·a and (D·a)²). */
@inline export function bankItemInformation(i: i32, theta: f64): f64 {
  const off = <usize>i << 3;
  if (bankIs2PL) {
    const p = logistic(load<f64>(region(REGION_ITEM_DA) + off) * (theta - load<f64>(region(REGION_ITEM_B) + off)));
    return load<f64>(region(REGION_ITEM_A2) + off) * p * (1.0 - p);
  }
  return itemInformation4(
    load<f64>(region(REGION_ITEM_DA) + off), load<f64>(region(REGION_ITEM_B) + off),
    load<f64>(region(REGION_ITEM_C) + off), load<f64>(region(REGION_ITEM_D) + off), theta,
  );
}

/** Writes the information of every bank item at θ into the ITEM_INFO region. */
export function informationBank(theta: f64): void {
  const out = region(REGION_ITEM_INFO);
  for (let i = 0; i < bankSize; i++) store<f64>(out + (<usize>i << 3), bankItemInformation(i, theta));
}

/** Test information Σ I_i(θ) over the first k administered items (no prior term). */
export function testInformation(k: i32, theta: f64): f64 {
  const admA = region(REGION_ADM_A);
  const admB = region(REGION_ADM_B);
  const D = scaleD;
  let total = 0.0;
  if (bankIs2PL) {
    for (let i = 0; i < k; i++) {
      const off = <usize>i << 3;
      const a = load<f64>(admA + off);
      const p = logistic(D * a * (theta - load<f64>(admB + off)));
      total += a * a * (p * (1.0 - p));
    }
    return D * D * total;
  }
  const admC = region(REGION_ADM_C);
  const admD = region(REGION_ADM_D);
  for (let i = 0; i < k; i++) {
    const off = <usize>i << 3;
    total += itemInformation4(D * load<f64>(admA + off), load<f64>(admB + off), load<f64>(admC + off), load<f64>(admD + off), theta);
  }
  return total;
}
