// Bank preparation: derived per-item arrays written once per bank (or per change of D).
import { scaleD, setBankShape } from './options';
import { buildSelectionIndex } from './select';
import { region, REGION_ITEM_A, REGION_ITEM_A2, REGION_ITEM_C, REGION_ITEM_D, REGION_ITEM_DA } from './layout';

/** After the caller wrote a, b, c, d for nItems items: computes D·a and (D·a)², and the 2PL flag. */
export function prepareBank(nItems: i32): void {
  const D = scaleD;
  let is2PL = 1;
  for (let i = 0; i < nItems; i++) {
    const off = <usize>i << 3;
    const Da = D * load<f64>(region(REGION_ITEM_A) + off);
    store<f64>(region(REGION_ITEM_DA) + off, Da);
    store<f64>(region(REGION_ITEM_A2) + off, Da * Da);
    if (load<f64>(region(REGION_ITEM_C) + off) != 0.0 || load<f64>(region(REGION_ITEM_D) + off) != 1.0) is2PL = 0;
  }
  setBankShape(nItems, is2PL);
  buildSelectionIndex();
}
