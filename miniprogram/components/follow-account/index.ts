// "Follow BCECC": WeChat's official-account card where the scene allows it, a profile button, or the QR code.
// Falls back one step when WeChat refuses (the card's binderror, a failed profile call).

import { followMode, openProfile, type FollowMode } from '../../services/follow'

interface Data {
  mode: FollowMode
}
type Methods = {
  onCardError(): void
  onOpenProfile(): Promise<void>
}

const properties = {
  /** The account's original ID (gh_…). */
  username: { type: String, value: '' },
  name: { type: String, value: '' },
  qrCode: { type: String, value: '' },
  title: { type: String, value: '' },
  hint: { type: String, value: '' },
  buttonLabel: { type: String, value: '' },
  qrHint: { type: String, value: '' },
}

Component<Data, typeof properties, Methods, []>({
  options: { styleIsolation: 'apply-shared' },

  properties,

  data: {
    mode: 'qr',
  },

  lifetimes: {
    attached() {
      this.setData({ mode: followMode() })
    },
  },

  methods: {
    onCardError() {
      // Status 5 and others: the card cannot show here after all.
      this.setData({ mode: followMode(0) })
    },

    onOpenProfile() {
      return openProfile(this.data.username).then((opened) => {
        if (!opened) this.setData({ mode: 'qr' })
      })
    },
  },
})
