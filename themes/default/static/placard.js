/* placard default theme: the text-size and high-contrast switches (remembered
   in localStorage; the inline script in <head> applies them before the first
   paint), the print button, the list filters, and a visible hint above every
   table box that is scrolled sideways (text from <body data-table-scroll>).
   The site works without this file. */
(function () {
  'use strict';
  var root = document.documentElement;
  var SIZE_KEY = 'placard-font-size';
  var CONTRAST_KEY = 'placard-contrast';
  var SIZES = ['standard', 'large', 'xlarge'];

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function applySize(size) {
    if (SIZES.indexOf(size) < 0) { size = 'standard'; }
    root.classList.remove('fs-large', 'fs-xlarge');
    if (size !== 'standard') { root.classList.add('fs-' + size); }
    each('[data-font-size]', function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-font-size') === size));
    });
    updateTableHints();
  }
  function applyContrast(on) {
    root.classList.toggle('high-contrast', on);
    each('[data-contrast]', function (b) { b.setAttribute('aria-pressed', String(on)); });
  }

  // Tables sit in a .table-wrap box (templates and the Markdown renderer put
  // them there). When one is wider than its box, a hint says it scrolls.
  var hints = [];
  function initTableHints() {
    var text = document.body.getAttribute('data-table-scroll');
    if (!text) { return; }
    each('.table-wrap', function (wrap) {
      var hint = document.createElement('p');
      hint.className = 'table-hint';
      hint.setAttribute('aria-hidden', 'true');
      hint.textContent = text;
      hint.hidden = true;
      wrap.parentNode.insertBefore(hint, wrap);
      hints.push({ wrap: wrap, hint: hint });
    });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(updateTableHints);
      hints.forEach(function (h) { observer.observe(h.wrap); });
    } else {
      window.addEventListener('resize', updateTableHints);
    }
    updateTableHints();
  }
  function updateTableHints() {
    hints.forEach(function (h) {
      var scrolls = h.wrap.scrollWidth > h.wrap.clientWidth + 1;
      h.hint.hidden = !scrolls;
      h.wrap.classList.toggle('is-scrollable', scrolls);
    });
  }

  // A list with a filter form (plans: status and year; the disclosure
  // catalogue: topic, issuer and year). Items carry data-<name>: one value
  // (which may hold spaces, like an issuer's name) or space-separated values;
  // the choice is kept in the URL.
  function initListFilters() {
    each('form[data-list-filter]', function (form) {
      var box = document.getElementById(form.getAttribute('data-list-filter'));
      if (!box || !window.URLSearchParams) { return; }
      var items = box.querySelectorAll('.page-item');
      var selects = form.querySelectorAll('select');
      var count = form.querySelector('.list-filter-count');
      var params = new URLSearchParams(window.location.search);
      function apply() {
        var shown = 0;
        var query = new URLSearchParams(window.location.search);
        Array.prototype.forEach.call(items, function (item) {
          var match = Array.prototype.every.call(selects, function (select) {
            var value = item.getAttribute('data-' + select.name) || '';
            return !select.value || value === select.value || value.split(' ').indexOf(select.value) !== -1;
          });
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        Array.prototype.forEach.call(selects, function (select) {
          if (select.value) { query.set(select.name, select.value); } else { query.delete(select.name); }
        });
        var search = query.toString();
        history.replaceState(null, '', window.location.pathname + (search ? '?' + search : '') + window.location.hash);
        if (count) {
          count.textContent = shown ? count.getAttribute('data-count-text').replace('{count}', String(shown))
            : count.getAttribute('data-none-text');
        }
      }
      Array.prototype.forEach.call(selects, function (select) {
        var wanted = params.get(select.name);
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
        if (wanted && known) { select.value = wanted; }
        select.addEventListener('change', apply);
      });
      form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
      apply();
    });
  }

  // A notice's document information comes before its text; on a phone it is
  // closed (its summary opens it), so that the text starts on the first screen.
  // Printing shows it whole.
  var PHONE = '(max-width: 47.99em)';
  function initPhoneDetails() {
    var boxes = document.querySelectorAll('details[data-close-on-phone]');
    if (!boxes.length) { return; }
    if (window.matchMedia && window.matchMedia(PHONE).matches) {
      each('details[data-close-on-phone]', function (d) { d.open = false; });
    }
    window.addEventListener('beforeprint', function () {
      each('details[data-close-on-phone]', function (d) { d.open = true; });
    });
  }

  function init() {
    initPhoneDetails();
    applySize(load(SIZE_KEY) || 'standard');
    applyContrast(load(CONTRAST_KEY) === 'high');
    initTableHints();
    initListFilters();
    document.addEventListener('click', function (event) {
      var target = event.target.closest ? event.target.closest('[data-font-size], [data-contrast], [data-print]') : null;
      if (!target) { return; }
      if (target.hasAttribute('data-font-size')) {
        var size = target.getAttribute('data-font-size');
        applySize(size);
        save(SIZE_KEY, size);
      } else if (target.hasAttribute('data-contrast')) {
        var on = !root.classList.contains('high-contrast');
        applyContrast(on);
        save(CONTRAST_KEY, on ? 'high' : 'normal');
      } else {
        window.print();
      }
    });
    // keep other open tabs of the site in step
    window.addEventListener('storage', function (event) {
      if (event.key === SIZE_KEY) { applySize(event.newValue || 'standard'); }
      if (event.key === CONTRAST_KEY) { applyContrast(event.newValue === 'high'); }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
