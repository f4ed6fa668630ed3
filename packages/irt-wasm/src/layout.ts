// The layout constants of the JS face, generated from assembly/*.ts at build time (scripts/generate-layout.mjs);
// test/layout.test.ts checks them against the globals the module exports.
<<<<<<< HEAD
export { Region, FitRegion, Stat, ItemFlag, ResponseCode, EstimatorCode, SelectorCode, StopCode, CriterionCode, Grid } from './generated/layout';
=======
export {
  Region, FitRegion, Stat, ItemFlag, ResponseCode, EstimatorCode, SelectorCode, StopCode, PolyRegion, PolyModelCode, PolyCapacity,
} from './generated/layout';
>>>>>>> 5fb513b (irt-wasm: polytomous kernels (GRM, GPCM, PCM): category probabilities, information, MAP/MLE Newton, EAP, WLE, MFI and whole runs; catR goldens and properties)
