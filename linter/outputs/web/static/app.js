// jxlint serve: uploads each file to /api/check and shows what comes back. Every text from a
// file is set with textContent; the tables' HTML comes escaped from the server (report.safe.esc).
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="jxlint-csrf"]').content;
  var limit = Number(document.querySelector('meta[name="jxlint-limit"]').content);
  var results = document.getElementById('results');
  var drop = document.getElementById('drop');
  var ruleSelect = document.getElementById('rule');
  var rulesSeen = {};
  var queue = Promise.resolve();

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      var card = element('section', 'file pending');
      card.appendChild(element('h2', '', file.name));
      var status = card.appendChild(element('p', 'summary', '正在检查…'));
      results.insertBefore(card, results.firstChild);
      queue = queue.then(function () { return check(file, card, status); });
    });
  }

  function check(file, card, status) {
    if (file.size > limit) {
      return failed(card, status, file.name + '：文件超过 ' + Math.round(limit / 1048576) +
                    ' MB，未检查；请把文件拆小后再上传');
    }
    return fetch('/api/check', {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: {'X-Jxlint-CSRF': csrf, 'X-Jxlint-Name': encodeURIComponent(file.name),
                'Content-Type': 'application/octet-stream'}
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) return failed(card, status, data.error || ('检查失败（HTTP ' + response.status + '）'));
        show(card, status, data);
      });
    }).catch(function () {
      failed(card, status, '无法连接 jxlint 服务：它可能已经停止，请重新运行 jxlint serve');
    });
  }

  function failed(card, status, message) {
    card.classList.remove('pending');
    status.replaceWith(element('p', 'error', message));
  }

  function show(card, status, data) {
    card.classList.remove('pending');
    card.dataset.status = data.status;
    if (data.status !== 'checked') {
      return failed(card, status, (data.status === 'failed' ? '无法检查：' : '跳过：') + data.error);
    }
    status.textContent = data.summary;
    var links = card.appendChild(element('p', 'downloads'));
    data.downloads.forEach(function (item) {
      var bytes = Uint8Array.from(atob(item.data), function (c) { return c.charCodeAt(0); });
      var link = element('a', 'download', '下载' + item.label);
      link.href = URL.createObjectURL(new Blob([bytes], {type: item.type}));
      link.download = item.filename;
      links.appendChild(link);
    });
    data.notes.forEach(function (note) { card.appendChild(element('p', 'note-line', note)); });
    data.tables.forEach(function (table) {
      var holder = element('div', 'table-holder');
      holder.innerHTML = table.html;
      card.appendChild(holder);
    });
    data.rules.forEach(function (rule) {
      if (rulesSeen[rule[0]]) return;
      rulesSeen[rule[0]] = true;
      ruleSelect.appendChild(element('option', '', rule[0] + '（' + rule[1] + '）')).value = rule[0];
    });
    document.getElementById('filters').hidden = false;
    filter();
  }

  // A finding shows when its level is ticked and its rule chosen; with a rule chosen or "只看有问题的
  // 指标" ticked, only indicator rows with a finding shown stay.
  function filter() {
    var levels = {};
    document.querySelectorAll('input[name="severity"]').forEach(function (box) { levels[box.value] = box.checked; });
    var rule = ruleSelect.value;
    var rowsWithFindingsOnly = rule !== '' || document.getElementById('flagged-only').checked;
    results.querySelectorAll('[data-rule]').forEach(function (node) {
      var level = ['error', 'warning', 'info'].filter(function (s) { return node.classList.contains(s); })[0];
      node.hidden = !(levels[level] && (!rule || node.dataset.rule === rule));
    });
    results.querySelectorAll('table.grid tbody tr').forEach(function (row) {
      var shown = Array.prototype.some.call(row.querySelectorAll('td.notes .note'), function (n) { return !n.hidden; });
      row.hidden = rowsWithFindingsOnly && !shown;
    });
  }

  document.getElementById('files').addEventListener('change', function (event) {
    add(event.target.files);
    event.target.value = '';
  });
  document.getElementById('filters').addEventListener('change', filter);
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    add(event.dataTransfer.files);
  });
})();
