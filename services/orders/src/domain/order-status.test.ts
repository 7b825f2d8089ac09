import { describe, expect, it } from 'vitest'
import { allowedTransitions, canTransition, ORDER_STATUSES } from './order-status.js'

describe('order status workflow', () => {
  it('walks the happy path one step at a time', () => {
    const path = ['pending', 'confirmed', 'in_production', 'ready', 'delivered'] as const
    for (let i = 0; i + 1 < path.length; i++) {
      expect(canTransition(path[i] as never, path[i + 1] as never)).toBe(true)
    }
  })

  it('allows cancelling until the order is ready, not after', () => {
    expect(canTransition('pending', 'cancelled')).toBe(true)
    expect(canTransition('confirmed', 'cancelled')).toBe(true)
    expect(canTransition('in_production', 'cancelled')).toBe(true)
    expect(canTransition('ready', 'cancelled')).toBe(false)
    expect(canTransition('delivered', 'cancelled')).toBe(false)
  })

  it('refuses skipping steps, going back and staying in place', () => {
    expect(canTransition('pending', 'in_production')).toBe(false)
    expect(canTransition('pending', 'delivered')).toBe(false)
    expect(canTransition('ready', 'confirmed')).toBe(false)
    for (const status of ORDER_STATUSES) expect(canTransition(status, status)).toBe(false)
  })

  it('treats delivered and cancelled as final', () => {
    expect(allowedTransitions('delivered')).toEqual([])
    expect(allowedTransitions('cancelled')).toEqual([])
  })
})
