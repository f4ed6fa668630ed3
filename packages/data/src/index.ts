// @fluidbench/data: loaders (filled by the data issue).
export {};
