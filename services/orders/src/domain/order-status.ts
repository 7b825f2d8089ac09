/** Every status an order can have, in workflow order; `cancelled` is the side exit. */
export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'in_production',
  'ready',
  'delivered',
  'cancelled',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/**
 * The workflow. An order can be cancelled until it is baked: once `ready`, the goods exist and the
 * order can only be delivered. `delivered` and `cancelled` are final.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['ready', 'cancelled'],
  ready: ['delivered'],
  delivered: [],
  cancelled: [],
}

/** The statuses an order in `from` may move to. */
export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return NEXT[from]
}

/** Whether an order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to)
}
