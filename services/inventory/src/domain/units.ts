/** Units an ingredient is counted in. The database CHECK and the API schema both derive from this list. */
export const UNITS = ['kg', 'g', 'l', 'ml', 'unit'] as const

export type Unit = (typeof UNITS)[number]
