// Relais workspace behaviour: CSRF for htmx, keyboard shortcuts, drafts that survive a reload.
(function () {
  'use strict';

  // htmx requests carry the CSRF token that the layout puts in <meta>.
  document.addEventListener('htmx:configRequest', function (e) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) { e.detail.headers[header.content] = token.content; }
  });

  function typing(el) {
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll('[data-list] tr[data-href]')); }

  function select(delta) {
    var list = rows();
    if (!list.length) { return; }
    var current = list.findIndex(function (r) { return r.classList.contains('selected'); });
    var next = current < 0 ? 0 : Math.max(0, Math.min(list.length - 1, current + delta));
    if (current >= 0) { list[current].classList.remove('selected'); }
    list[next].classList.add('selected');
    list[next].scrollIntoView({ block: 'nearest' });
    var link = list[next].querySelector('a');
    if (link) { link.focus({ preventScroll: true }); }
  }

  function openComposer(id) {
    var d = document.getElementById(id);
    if (!d) { return; }
    d.open = true;
    var field = d.querySelector('textarea');
    if (field) { field.focus(); }
  }

  function toggleHelp(show) {
    var help = document.getElementById('shortcuts');
    if (help) { help.hidden = show === undefined ? !help.hidden : !show; }
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    // Enter on a select of a properties form saves it (selects do not submit on Enter by themselves).
    if (e.key === 'Enter' && e.target.tagName === 'SELECT' && e.target.form && e.target.form.id === 'fields') {
      e.preventDefault();
      e.target.form.requestSubmit();
      return;
    }
    if (e.key === 'Escape') {
      toggleHelp(false);
      if (typing(document.activeElement)) { document.activeElement.blur(); }
      return;
    }
    if (typing(e.target)) { return; }
    switch (e.key) {
      case 'j': select(1); break;
      case 'k': select(-1); break;
      case 'Enter': {
        var sel = document.querySelector('[data-list] tr.selected');
        if (sel) { window.location = sel.getAttribute('data-href'); } else { return; }
        break;
      }
      case 'r': openComposer('reply'); break;
      case 'n': openComposer('note'); break;
      case 'c': openComposer('call'); break;
      case 's': { var st = document.getElementById('status-select'); if (st) { st.focus(); } else { return; } break; }
      case 'a': { var b = document.getElementById('assign-me'); if (b && !b.disabled) { b.click(); } else { return; } break; }
      case '/': { var q = document.getElementById('quick-search'); if (q) { q.focus(); q.select(); } else { return; } break; }
      case '?': toggleHelp(); break;
      default: return;
    }
    e.preventDefault();
  });

  document.addEventListener('click', function (e) {
    var action = e.target.closest('[data-action="shortcuts"]');
    if (action) { e.preventDefault(); toggleHelp(true); return; }
    if (e.target.id === 'shortcuts') { toggleHelp(false); return; }
    var row = e.target.closest('[data-list] tr[data-href]');
    if (row && !e.target.closest('a, button, input, select')) { window.location = row.getAttribute('data-href'); }
  });

  // Drafts: every textarea of a form marked data-draft is saved locally while typing,
  // restored on reload, and forgotten once the form is submitted.
  function draftKey(form, field) {
    return 'relais-draft:' + location.pathname + ':' + form.getAttribute('data-draft') + ':' + field.name;
  }
  function initDrafts(root) {
    root.querySelectorAll('form[data-draft]').forEach(function (form) {
      form.querySelectorAll('textarea, input[type=text]:not([type=hidden]), input:not([type])').forEach(function (field) {
        if (!field.name) { return; }
        var key = draftKey(form, field);
        var saved = null;
        try { saved = localStorage.getItem(key); } catch (ignored) { /* storage off */ }
        if (saved && !field.value) {
          field.value = saved;
          var details = form.closest('details');
          if (details) { details.open = true; }
        }
        field.addEventListener('input', function () {
          try { if (field.value) { localStorage.setItem(key, field.value); } else { localStorage.removeItem(key); } } catch (ignored) { /* storage off */ }
        });
      });
      form.addEventListener('submit', function () {
        form.querySelectorAll('textarea, input').forEach(function (field) {
          if (field.name) { try { localStorage.removeItem(draftKey(form, field)); } catch (ignored) { /* storage off */ } }
        });
      });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    initDrafts(document);
    var view = location.pathname.split('/')[2];
    document.querySelectorAll('.sidebar a').forEach(function (a) {
      if (a.getAttribute('href') === location.pathname) { a.classList.add('active'); }
    });
    if (view && rows().length && !document.querySelector('[data-list] tr.selected')) { /* no auto-select: j starts */ }
  });
  document.addEventListener('htmx:afterSwap', function (e) { initDrafts(e.target); });
  // Shortcuts listen from here on (browser tests wait for this mark before typing).
  document.documentElement.setAttribute('data-shortcuts', 'on');
})();
