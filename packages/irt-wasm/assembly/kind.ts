// The two item families the shared drivers serve (Newton in newton.ts, WLE bisection in wle.ts, whole runs in
// replay.ts, EAP refinement in eap.ts). Each driver is @inline and every call site passes one of these
// constants, so AssemblyScript compiles one copy per family with the other family's branches folded away: the
// hot loops stay direct, inlinable calls (a function reference would cost an indirect call per evaluation).

/** 1–4PL items (ADM_* regions of layout.ts). */
export const KIND_DICHOTOMOUS: i32 = 0;
/** GRM/GPCM/PCM items (POLY_ADM_* regions of poly-layout.ts). */
export const KIND_POLYTOMOUS: i32 = 1;
