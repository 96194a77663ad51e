// Polls the dev server for the problems of the last rebuild and shows them in a corner panel.
;(function () {
  var panel = document.getElementById('bc-problems')
  var header = panel.querySelector('header')
  var list = panel.querySelector('ul')
  var shown = ''
  function show(report) {
    var key = JSON.stringify(report)
    if (key === shown) return
    shown = key
    var errors = report.problems.filter(function (p) {
      return p.severity === 'error'
    }).length
    panel.hidden = report.problems.length === 0 && !report.justFixed
    panel.className = errors === 0 ? 'bc-ok' : ''
    // The server words it (editor/server.ts rebuildHeadline): a save is local until someone publishes.
    header.textContent = report.headline
    list.textContent = ''
    report.problems.forEach(function (p) {
      var item = document.createElement('li')
      item.className = p.severity + (p.review ? ' review' : '')
      item.textContent = p.line
      list.appendChild(item)
    })
  }
  function poll() {
    fetch('/admin/problems.json', { cache: 'no-store' })
      .then(function (r) {
        return r.json()
      })
      .then(show)
      .catch(function () {})
      .then(function () {
        setTimeout(poll, 1500)
      })
  }
  poll()
})()
