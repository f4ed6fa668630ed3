// Region numbers of assembly/layout.ts (the memory layout is documented there, once).
export const Region = {
  ItemA: 0,
  ItemB: 1,
  ItemC: 2,
  ItemD: 3,
  ItemDa: 4,
  ItemA2: 5,
  Responses: 6,
  Used: 7,
  Order: 8,
  Subset: 9,
  AdmA: 10,
  AdmB: 11,
  AdmC: 12,
  AdmD: 13,
  AdmX: 14,
  OutItems: 15,
  OutTheta: 16,
  OutSe: 17,
  OutSteps: 18,
  OutStop: 19,
  Nodes: 20,
  LogPost: 21,
  SelOrder: 22,
  SelBucket: 23,
  ItemInfo: 24,
} as const;

/** Estimator codes of the engine. */
export const EstimatorCode = { map: 0, mle: 1, eap: 2, wle: 3 } as const;
/** Selector codes of the engine. */
export const SelectorCode = { mfi: 0, sequence: 1 } as const;
/** Stop-reason codes written by replay. */
export const StopCode = { max_items: 0, min_se: 1, exhausted: 2 } as const;
