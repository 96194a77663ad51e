import { reportUncaught, watchForUpdates } from '../../miniprogram/services/app-health'

describe('app health', () => {
  test('offers a restart when a new version is ready, and applies it on confirm', async () => {
    let ready: (() => void) | undefined
    const applyUpdate = jest.fn()
    fakeWx.api.getUpdateManager = () => ({ onUpdateReady: (cb: () => void) => (ready = cb), applyUpdate })
    watchForUpdates()
    expect(applyUpdate).not.toHaveBeenCalled()
    ready?.()
    await new Promise((r) => setTimeout(r, 5))
    expect(fakeWx.calls).toContainEqual({
      api: 'showModal',
      options: expect.objectContaining({ title: 'Update ready', confirmText: 'Restart' }) as unknown,
    })
    expect(applyUpdate).toHaveBeenCalledTimes(1)
  })

  test('keeps the old version when the reader declines', async () => {
    let ready: (() => void) | undefined
    const applyUpdate = jest.fn()
    fakeWx.api.getUpdateManager = () => ({ onUpdateReady: (cb: () => void) => (ready = cb), applyUpdate })
    fakeWx.modalConfirm = false
    watchForUpdates()
    ready?.()
    await new Promise((r) => setTimeout(r, 5))
    expect(applyUpdate).not.toHaveBeenCalled()
  })

  test('sends uncaught errors and rejections to the realtime log', () => {
    const logged: unknown[][] = []
    let onError: ((m: string) => void) | undefined
    let onRejection: ((r: { reason: unknown }) => void) | undefined
    fakeWx.api.getRealtimeLogManager = () => ({ error: (...args: unknown[]) => logged.push(args) })
    fakeWx.api.onError = (cb: (m: string) => void) => (onError = cb)
    fakeWx.api.onUnhandledRejection = (cb: (r: { reason: unknown }) => void) => (onRejection = cb)
    reportUncaught()
    onError?.('TypeError: x is undefined')
    onRejection?.({ reason: new Error('request:fail') })
    expect(logged).toEqual([
      ['error', 'TypeError: x is undefined'],
      ['unhandled rejection', 'Error: request:fail'],
    ])
  })
})
