/** Kinds of stock movement. The database CHECKs and the API schema both derive from this list. */
export const MOVEMENT_TYPES = ['receipt', 'consumption', 'waste', 'adjustment'] as const

export type MovementType = (typeof MOVEMENT_TYPES)[number]
