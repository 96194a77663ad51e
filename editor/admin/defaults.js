// Before Decap loads: the Markdown body opens in its Markdown (raw) mode, as the editors' guide teaches, until the
// editor switches it (Decap remembers that choice under this key; its own default is the rich-text mode, which saves
// typed Markdown escaped: \*\*bold\*\*).
;(function () {
  try {
    if (localStorage.getItem('cms.md-mode') === null) localStorage.setItem('cms.md-mode', 'raw')
  } catch {
    // Storage blocked: Decap's default applies.
  }
})()
