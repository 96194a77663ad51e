// "Publish to readers": a corner panel of the web editor. It asks the dev server (editor/publish.ts)
// through the editor's own file API, whose address and token only this page got (config.yml's proxy_url): what
// readers will see change, then publishes it, shows the upload's progress and then "Live for readers since HH:MM",
// or what failed and that readers still see the previous version. It lists the last publishes and undoes the last.

;(function () {
  var panel = document.getElementById('bc-publish')
  var button = document.getElementById('bc-publish-button')
  var status = document.getElementById('bc-publish-status')
  var plan = document.getElementById('bc-publish-plan')
  var planList = plan.querySelector('ul')
  var confirm = document.getElementById('bc-publish-confirm')
  var cancel = document.getElementById('bc-publish-cancel')
  var historyList = document.getElementById('bc-publish-history')
  var undo = document.getElementById('bc-publish-undo')
  var busy = false
  var fingerprint = ''
  var latest = null
  var apiUrl = null

  function api() {
    if (apiUrl) return Promise.resolve(apiUrl)
    return fetch('/admin/config.yml', { cache: 'no-store' })
      .then(function (r) {
        return r.text()
      })
      .then(function (text) {
        var m = /proxy_url:\s*['"]?(\S+?)['"]?\s*$/m.exec(text)
        if (!m) throw new Error('the editor has no file API address')
        apiUrl = m[1]
        return apiUrl
      })
  }

  function post(action, params) {
    return api().then(function (url) {
      return fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: action, params: params || {} }),
      }).then(function (r) {
        return r.json()
      })
    })
  }

  function when(iso) {
    var date = new Date(iso)
    var time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })
    return date.toDateString() === new Date().toDateString()
      ? time
      : date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + time
  }

  function say(kind, text, link) {
    status.className = kind
    status.textContent = text
    if (link) {
      var a = document.createElement('a')
      a.href = link
      a.target = '_blank'
      a.rel = 'noopener'
      a.textContent = link
      status.appendChild(document.createElement('br'))
      status.appendChild(a)
    }
  }

  function list(target, lines) {
    target.textContent = ''
    lines.forEach(function (line) {
      var item = document.createElement('li')
      item.textContent = line
      target.appendChild(item)
    })
  }

  function settle() {
    busy = false
    button.disabled = false
    panel.removeAttribute('aria-busy')
  }

  function showHistory() {
    return post('publishHistory').then(function (answer) {
      if (answer.unconfigured || answer.failed) {
        historyList.textContent = ''
        undo.hidden = true
        if (!busy && answer.unconfigured) say('bc-warning', answer.unconfigured)
        return
      }
      var publishes = answer.publishes || []
      latest = publishes[0] || null
      historyList.textContent = ''
      publishes.forEach(function (p) {
        var item = document.createElement('li')
        item.textContent = p.problem
          ? p.id + ': ' + p.problem
          : when(p.time) +
            ' · ' +
            (p.action === 'rollback' ? 'undo · 撤销' : 'publish · 发布') +
            (p.by ? ' · ' + p.by : '') +
            (p.commit ? ' · ' + p.commit.slice(0, 7) : '') +
            (p.lines && p.lines.length
              ? ' · ' + p.lines.slice(0, 3).join('; ') + (p.lines.length > 3 ? '; …' : '')
              : '')
        historyList.appendChild(item)
      })
      undo.hidden = publishes.length < 2 || !latest || !!latest.problem
      if (!busy && latest && latest.time && !status.textContent)
        say(
          'bc-ok',
          'Live for readers since ' + when(latest.time) + ' · 读者自 ' + when(latest.time) + ' 起可见',
          answer.feedUrl,
        )
    })
  }

  function follow() {
    post('publishStatus').then(function (s) {
      if (s.running) {
        say(
          'bc-progress',
          s.step === 'uploading'
            ? 'Uploading ' + s.done + ' of ' + s.total + ' files… · 正在上传'
            : 'Building and checking… · 正在生成',
        )
        setTimeout(follow, 500)
        return
      }
      settle()
      var o = s.outcome
      if (!o) return
      // The corner panel's "not yet live for readers" is no longer true once a publish has gone through.
      var rebuilt = document.getElementById('bc-problems')
      if (o.ok && rebuilt && rebuilt.className === 'bc-ok') rebuilt.hidden = true
      if (o.ok)
        say(
          'bc-ok',
          (o.nothingChanged
            ? 'Nothing to publish: readers already see this version · 无需发布'
            : (o.what === 'undo' ? 'Undone. ' : '') +
              'Live for readers since ' +
              when(o.time) +
              ' · 读者自 ' +
              when(o.time) +
              ' 起可见') + (o.warning ? ' (' + o.warning + ')' : ''),
          o.feedUrl,
        )
      else
        say(
          'bc-error',
          (o.what === 'undo' ? 'Undo failed: ' : 'Publish failed: ') +
            o.message +
            (o.readersSeeNew
              ? ' · The new version is live; press Publish again to finish · 新版本已上线，请再次发布以完成'
              : ' · Readers still see the previous version · 读者仍看到上一个版本'),
        )
      showHistory()
    })
  }

  button.addEventListener('click', function () {
    if (busy) return
    busy = true
    button.disabled = true
    panel.setAttribute('aria-busy', 'true')
    plan.hidden = true
    say('bc-progress', 'Building and checking what will change… · 正在检查变更')
    post('publishPlan').then(
      function (answer) {
        if (answer.running) return follow()
        if (answer.unconfigured || answer.failed || answer.refused) {
          settle()
          say('bc-error', 'Not published: ' + (answer.unconfigured || answer.failed || answer.refused))
          list(planList, answer.lines || [])
          plan.hidden = !(answer.lines && answer.lines.length)
          confirm.hidden = true
          return
        }
        fingerprint = answer.fingerprint
        if (answer.objects === 0) {
          settle()
          say('bc-ok', 'Nothing to publish: readers already see this version · 无需发布', answer.feedUrl)
          return
        }
        list(
          planList,
          answer.lines.length
            ? answer.lines
            : ['Pictures and settings only (' + answer.objects + ' files) · 仅图片和设置'],
        )
        say('bc-progress', 'What readers will see change · 读者将看到的变更:')
        confirm.hidden = false
        plan.hidden = false
        panel.removeAttribute('aria-busy')
      },
      function (error) {
        settle()
        say('bc-error', 'Not published: ' + error.message)
      },
    )
  })

  confirm.addEventListener('click', function () {
    plan.hidden = true
    panel.setAttribute('aria-busy', 'true')
    post('publishStart', { fingerprint: fingerprint }).then(follow, function (error) {
      settle()
      say('bc-error', 'Publish failed: ' + error.message + ' · Readers still see the previous version')
    })
  })

  cancel.addEventListener('click', function () {
    plan.hidden = true
    settle()
    say('', '')
    showHistory()
  })

  undo.addEventListener('click', function () {
    if (busy || !latest) return
    if (
      !window.confirm(
        'Undo the publish of ' +
          when(latest.time) +
          '? Readers will see the version before it again. · 撤销此次发布？',
      )
    )
      return
    busy = true
    button.disabled = true
    panel.setAttribute('aria-busy', 'true')
    say('bc-progress', 'Undoing… · 正在撤销')
    post('publishUndo', { id: latest.id }).then(follow, function (error) {
      settle()
      say('bc-error', 'Undo failed: ' + error.message)
    })
  })

  // A publish started before this page was opened (or reloaded) shows its progress.
  post('publishStatus')
    .then(function (s) {
      if (s.running) {
        busy = true
        button.disabled = true
        follow()
      }
    })
    .catch(function () {})
  showHistory().catch(function () {})
})()
