// MARK: - The report's inline style and script

extension HTMLReport {
    /// No `<` or `&` in here: the style element is also XML.
    static let css = """

        :root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --bar: #2f6fb3; --zebra: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
        .lead, .hint, footer, .source { color: var(--muted); }
        .hint { margin: 0 0 6px; font-size: 12px; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 10px; text-align: left; border-bottom: 1px solid var(--rule); white-space: nowrap; }
        thead th { background: #eef2f6; cursor: pointer; user-select: none; position: sticky; top: 0; }
        thead th:hover { background: #e1e8ef; }
        thead th[aria-sort=ascending]::after { content: " ▲"; font-size: 10px; }
        thead th[aria-sort=descending]::after { content: " ▼"; font-size: 10px; }
        tbody tr:nth-child(even) { background: var(--zebra); }
        .num { text-align: right; }
        tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--rule); }
        a { color: #0b5cad; text-decoration: none; }
        a:hover { text-decoration: underline; }
        svg { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
        svg .bar { fill: var(--bar); }
        svg .grid { stroke: var(--rule); stroke-width: 1; }
        svg .axis { fill: var(--muted); font-size: 11px; }
        svg .label { fill: var(--ink); }
        svg .value { fill: var(--muted); }
        details.architecture { border: 1px solid var(--rule); border-radius: 6px; margin: 8px 0; padding: 6px 12px; }
        details.architecture summary { cursor: pointer; font-size: 15px; }
        details.architecture summary .name { font-weight: 600; }
        details.architecture summary .totals { color: var(--muted); margin-left: 8px; }
        dl.totals { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0 12px; }
        dl.totals dt { color: var(--muted); }
        dl.totals dd { margin: 0; font-variant-numeric: tabular-nums; }
        td.share { min-width: 190px; }
        .track { display: inline-block; width: 110px; height: 9px; background: #e9edf1; border-radius: 2px;
                 vertical-align: middle; margin-right: 6px; overflow: hidden; }
        .pct { display: inline-block; min-width: 4.2em; text-align: right; }
        .fill { display: block; height: 100%; background: var(--bar); }
        .fill.convolution { background: #2f6fb3; }
        .fill.dense { background: #d9822b; }
        .fill.recurrent { background: #3c9a4a; }
        .fill.attention { background: #8a5cc2; }
        .fill.normalisation { background: #8b949e; }
        .fill.embedding { background: #c9a400; }
        .fill.other { background: #57606a; }
        .unknown { color: #b35900; }
        button { font: inherit; padding: 2px 10px; }

        """

    /// Sorting by clicking a header, and opening an architecture when its link is followed.
    /// Inside CDATA in the page.
    static let script = """
        (function () {
          function sortBy(table, th, index) {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var ascending = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(th.parentNode.cells, function (cell) { cell.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var numeric = th.classList.contains('num');
            rows.sort(function (a, b) {
              var x = a.cells[index].getAttribute('data-value') || '';
              var y = b.cells[index].getAttribute('data-value') || '';
              var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          }
          Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
              th.addEventListener('click', function () { sortBy(table, th, index); });
              th.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sortBy(table, th, index); }
              });
            });
          });
          function openTarget() {
            var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
            if (target) { target.open = true; target.scrollIntoView(); }
          }
          window.addEventListener('hashchange', openTarget);
          openTarget();
          function setAll(open) {
            Array.prototype.forEach.call(document.querySelectorAll('details.architecture'), function (d) { d.open = open; });
          }
          document.getElementById('expand').addEventListener('click', function () { setAll(true); });
          document.getElementById('collapse').addEventListener('click', function () { setAll(false); });
        })();
        """
}
