// The layout constants of the JS face, generated from assembly/*.ts at build time (scripts/generate-layout.mjs);
// test/layout.test.ts checks them against the globals the module exports.
export {
  Region, FitRegion, Stat, ItemFlag, ResponseCode, EstimatorCode, SelectorCode, StopCode, CriterionCode, Grid, PolyRegion, PolyModelCode,
  PolyCapacity, PolyFitRegion, CategoryCode,
} from './generated/layout';
