// The app: nothing global but typed, empty globalData; pages get their data from services.

App<IAppOption>({
  globalData: {},
})
