// The access review page's inline style and script: constants, never built from data.
import type { AccessState } from './rows.ts';

/** Each cell state's background; `none` is a person with nothing in that org. */
export const STATE_COLOURS: Readonly<Record<AccessState | 'none', string>> = {
  member: '#d3f0d8',
  pending: '#d6e6fb',
  expired: '#e6e6e6',
  wanted: '#fdf0c2',
  'not-wanted': '#f9d0cc',
  none: '#ffffff',
};

/** The page's CSS: readable on screen, and printed to PDF with its colours, without the controls. */
export const HTML_STYLE = `
:root{color-scheme:light}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.25rem 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #c9ced6;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f3f5f7;position:sticky;top:0}
thead button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;text-align:left;color:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
small{color:#57606a;font-weight:normal}
#totals td{text-align:right;font-variant-numeric:tabular-nums}
${Object.entries(STATE_COLOURS).map(([state, colour]) => `.s-${state}{background:${colour}}`).join('\n')}
td.s-none{color:#8c959f;text-align:center}
.controls{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
[hidden]{display:none!important}
@media print{
@page{size:landscape;margin:1cm}
body{margin:0;font-size:9pt}
.controls{display:none}
thead{display:table-header-group}
thead th{position:static}
tr{break-inside:avoid}
th[aria-sort] button::after{content:""}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/**
 * Sorting (click a column header: by name, or by state then text) and filtering (an org shows its
 * column only; a state shows the people with that state in a shown column). Reads data attributes
 * and textContent only: no value from the page is ever parsed as markup.
 */
export const HTML_SCRIPT = `
(function () {
  var RANK = { member: 0, pending: 1, expired: 2, wanted: 3, 'not-wanted': 4, none: 5 };
  var matrix = document.getElementById('matrix');
  var body = matrix.querySelector('tbody');
  var heads = matrix.querySelectorAll('thead th');
  var orgSelect = document.getElementById('filter-org');
  var stateSelect = document.getElementById('filter-state');
  var shown = document.getElementById('shown');
  function filter() {
    var org = orgSelect.value, state = stateSelect.value, count = 0, rows = body.children;
    for (var h = 1; h < heads.length; h++) heads[h].hidden = org !== '' && heads[h].dataset.org !== org;
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].children, visible = false;
      for (var c = 1; c < cells.length; c++) {
        var inOrg = org === '' || cells[c].dataset.org === org;
        cells[c].hidden = !inOrg;
        var cellState = cells[c].dataset.state;
        if (inOrg && (state === '' ? cellState !== 'none' : cellState === state)) visible = true;
      }
      rows[r].hidden = !visible;
      if (visible) count++;
    }
    shown.textContent = count + ' of ' + rows.length + ' people shown';
  }
  function text(cell) { return cell.textContent || ''; }
  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function sortBy(th) {
    var col = Number(th.dataset.col);
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    for (var h = 0; h < heads.length; h++) heads[h].setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.children);
    rows.sort(function (a, b) {
      var x = a.children[col], y = b.children[col];
      var d = col > 0 ? RANK[x.dataset.state] - RANK[y.dataset.state] : 0;
      if (d === 0) d = compare(text(x), text(y));
      if (d === 0) d = compare(text(a.children[0]), text(b.children[0]));
      return d * dir;
    });
    for (var i = 0; i < rows.length; i++) body.appendChild(rows[i]);
  }
  matrix.querySelector('thead').addEventListener('click', function (event) {
    var th = event.target && event.target.closest ? event.target.closest('th') : null;
    if (th && th.dataset.col !== undefined) sortBy(th);
  });
  orgSelect.addEventListener('change', filter);
  stateSelect.addEventListener('change', filter);
  filter();
})();
`;
