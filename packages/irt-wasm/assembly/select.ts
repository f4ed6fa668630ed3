// Maximum-Fisher-information selection over the unused items. Exact ties go to the lowest index.
import { bankItemInformation } from './information';
import { bankSize } from './options';
import { region, REGION_USED } from './layout';

/** Index of the unused item with the largest information at θ, or −1 when every item is used. */
export function selectMaxInformation(theta: f64): i32 {
  const used = region(REGION_USED);
  let best = -Infinity;
  let bestIndex = -1;
  for (let i = 0; i < bankSize; i++) {
    if (load<u8>(used + <usize>i) != 0) continue;
    const info = bankItemInformation(i, theta);
    // strict ">" keeps the first (lowest-index) maximum, as numpy's argmax does
    if (info > best || bestIndex < 0) {
      best = info;
      bestIndex = i;
    }
  }
  return bestIndex;
}
