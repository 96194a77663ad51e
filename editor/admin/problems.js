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
    header.textContent =
      errors > 0
        ? errors + ' error(s): the app still shows the last good version · 有错误：小程序仍显示上一个正确版本'
        : report.problems.length > 0
          ? 'Published with ' + report.problems.length + ' warning(s) · 已发布，有提示'
          : 'Saved and rebuilt · 已保存并更新'
    list.textContent = ''
    report.problems.forEach(function (p) {
      var item = document.createElement('li')
      item.className = p.severity
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
