// The app: nothing global but typed, empty globalData; pages get their data from services.

import { reportUncaught, watchForUpdates } from './services/app-health'
import { content } from './services/content'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    reportUncaught()
    watchForUpdates()
    // Data WeChat pre-fetched before launch makes the first screen fresh without a request.
    content.adoptBackgroundFetch()
  },
})
