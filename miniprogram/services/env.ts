// Which build of the mini program this is (develop, trial, release), to pick the content endpoint.

import { feedUrlFor, type EnvVersion } from '../core/config'

export function envVersion(): EnvVersion {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion
  } catch {
    return 'release'
  }
}

export function feedUrl(): string {
  return feedUrlFor(envVersion())
}
