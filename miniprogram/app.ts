// The app: nothing global but typed, empty globalData; pages get their data from services.

import { reportUncaught, watchForUpdates } from './services/app-health'
import { content } from './services/content'
import { enableFullDecoder } from './services/entities'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    reportUncaught()
    watchForUpdates()
    // A rare character reference (&NotEqualTilde;) fetches its table from the article subpackage when first met.
    enableFullDecoder()
    // Data WeChat pre-fetched before launch makes the first screen fresh without a request.
    content.adoptBackgroundFetch()
  },
})
