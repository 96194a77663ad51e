// Decap calls writing the files "Publish"; here that word means readers. Its buttons say "Save" instead (the files
// are saved on this computer, and committed to git), so that the one "Publish" on the page is "Publish to readers".
;(function () {
  try {
    var en = window.CMS && window.CMS.getLocale && window.CMS.getLocale('en')
    if (!en || !en.editor || !en.editor.editorToolbar) return
    Object.assign(en.editor.editorToolbar, {
      publishing: 'Saving…',
      publish: 'Save',
      published: 'Saved',
      publishNow: 'Save now',
      publishAndCreateNew: 'Save and create new',
      publishAndDuplicate: 'Save and duplicate',
    })
    // Hosted (content -- editor-build), a save is a commit on the git host and CI publishes it.
    var hosted = document.documentElement.getAttribute('data-bc-mode') === 'hosted'
    if (en.ui && en.ui.toast)
      en.ui.toast.entryPublished = hosted
        ? 'Saved to the repository; readers see it within minutes, once CI has published it'
        : 'Saved on this computer; not yet live for readers (Publish to readers)'
  } catch {
    // Decap's own words stay.
  }
})()
