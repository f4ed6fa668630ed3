// The engine's exports. See layout.ts for the memory layout every pointer refers to.
export { configure, pointer, capacityItems, capacitySteps, capacityColumns, capacityNodes } from './layout';
export { setOptions } from './options';
export { prepareBank } from './bank';
export { probability } from './irf';
export { informationBank, testInformation } from './information';
export { logLikelihood } from './likelihood';
export { selectMaxInformation, selectMaxInformationFullScan } from './select';
export { scoreAt, polyScoreAt } from './newton';
export { eapFromAdministered } from './eap';
export { wleScore, polyWleScore } from './wle';
export { estimateAdministered, estimateColumns } from './estimate';
export { replay, replayColumns, polyReplay, polyReplayColumns } from './replay';
import { lastStandardError } from './estimate';

/** SE of the last estimateAdministered() (a getter: exported globals are awkward across the boundary). */
export function lastSe(): f64 {
  return lastStandardError;
}
export { layoutEnd } from './layout';
export { fitConfigure, fitPointer, fitPrepare } from './fit-layout';
export { fitSetOptions } from './fit-mstep';
export { emStart, emIteration, emAbilities } from './fit';
export { fitStandardErrors } from './fit-standard-errors';
export { hierarchicalStart, hierarchicalSweep } from './fit-hierarchical';
export * from './generated/constants';
export { criterionValues, lastValueScale, itemLocations, itemInformation } from './criteria';
export { polyConfigure, polyPointer, polyCapacity } from './poly-layout';
export { polyCategoryProbabilities } from './poly-irf';
export {
  polyPrepareBank, polyTestInformation, polyLogLikelihood, polyEstimateAdministered,
  polyLastStandardError, polyEstimateColumns,
} from './poly-estimate';
export { polySelectMaxInformation, polyInformationBank, polyPrepareSelection } from './poly-select';
export { polyFitConfigure, polyFitPointer, polyFitSetOptions } from './poly-fit-layout';
export { polyEmStart, polyEmIteration, polyFitProject } from './poly-fit';
export { polyFitStandardErrors } from './poly-fit-standard-errors';
export { polyCriterionValues, polyLastValueScale } from './poly-criteria';
