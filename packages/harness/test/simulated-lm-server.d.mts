export interface SimulatedItem {
  id: string;
  type: 'multiple_choice' | 'generate' | 'mc2' | 'multiple_context';
  context?: string;
  choices?: string[];
  answer?: number;
  answers?: number[];
  contexts?: string[];
  continuation?: string;
  metric?: string;
  target?: string | number;
  until?: string[];
}
export type Fault = null | undefined | 401 | 404 | 429 | 500 | 'invalid-json' | 'no-logprobs' | 'wrong-choices';
export interface SimulatedLmServer {
  url: string;
  log: { path: string; model: string; itemId: string; seed?: number; temperature?: number }[];
  correct(model: string, itemId: string): boolean;
  readonly requests: number;
  close(): Promise<void>;
}
export function tokenize(text: string): string[];
export function uniformFor(model: string, itemId: string): number;
export function answersCorrectly(model: string, itemId: string, theta: number, a: number, b: number): boolean;
export function letterPrompt(context: string, choices: readonly string[]): string;
export function startSimulatedLmServer(options: {
  items: readonly SimulatedItem[];
  bank: { ids: readonly string[]; a: ArrayLike<number>; b: ArrayLike<number> };
  models: Record<string, number>;
  apiKey?: string;
  latencyMs?: number;
  ignoreEcho?: boolean;
  fault?: (request: { n: number; path: string; model: string | undefined }) => Fault;
  mc2Mass?: (model: string, itemId: string) => number;
  sampleCorrect?: (model: string, itemId: string, seed: number) => boolean;
}): Promise<SimulatedLmServer>;
