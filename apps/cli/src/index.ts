export { main } from './main';
export { writeAtomically } from './output';
