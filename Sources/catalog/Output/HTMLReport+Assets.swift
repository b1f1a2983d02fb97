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
        #search { width: 22em; font: inherit; padding: 3px 6px; }
        tr.filters td { padding: 2px 4px; background: #f6f8fa; }
        tr.filters input { width: 100%; min-width: 4em; font: inherit; font-size: 12px; padding: 1px 4px; }
        figure { margin: 12px 0 20px; }
        figcaption { color: var(--muted); margin-bottom: 4px; }
        svg circle { fill: var(--bar); fill-opacity: 0.55; stroke: #fff; stroke-width: 0.5; }
        svg circle.lower { fill: #b35900; }
        svg circle:hover { fill-opacity: 1; r: 6; }
        .omitted { color: #b35900; }

        """

    /// Renders the catalog table and the opened architectures from the embedded data; sorting,
    /// searching and column filters; opening an architecture when its link is followed. Inside
    /// CDATA in the page (no `]]>` in here).
    static let script = #"""
        (function () {
          var data = JSON.parse(document.getElementById('catalog-data').textContent);
          var A = data.architectures, L = data.layers, S = data.strings, flops = data.flops;
          // Row fields: 0 name, 1 framework, 2 total, 3 trainable, 4 non-trainable, 5 macs, 6 layers,
          // 7 depth, 8 parameter bytes, 9 input shapes, 10 output shapes, 11 complete, 12 uncounted,
          // 13 tags, 14 description, 15 source, 16 MACs per step (an unknown dimension counted as 1).
          var fields = [0, 1, 2, 3, 4, 5].concat(flops ? ['flops'] : []).concat([6, 7, 8, 9]);
          function esc(t) {
            return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
          }
          function grouped(n) { return n === null || n === undefined ? 'unknown' : n.toLocaleString('en-US'); }
          function iec(n) {
            var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
            while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
            return n.toFixed(2) + ' ' + units[i];
          }
          function si(n) {
            var s = [['T', 1e12], ['G', 1e9], ['M', 1e6], ['K', 1e3]];
            for (var i = 0; i < s.length; i++) if (n >= s[i][1]) return (n / s[i][1]).toFixed(2) + ' ' + s[i][0];
            return String(n);
          }
          function value(a, f) { return f === 'flops' ? 2 * a[5] : a[f]; }
          function cellText(a, f) {
            var bound = a[11] ? '' : '\u2265 ';
            if (f === 8) return bound + iec(a[8]);
            if (f === 6 || f === 7) return String(a[f]);
            if (f === 'flops' || f === 5) return bound + grouped(value(a, f)) + (a[16] ? ' \u2020' : '');
            if (f >= 2 && f <= 4) return bound + grouped(value(a, f));
            return a[f];
          }
          var numeric = function (f) { return f === 'flops' || (f >= 2 && f <= 8); };
          function count(text) {
            var m = /^([0-9.]+(?:e[0-9]+)?)\s*([kmgt]?)$/i.exec(text.replace(/[_,]/g, '').trim());
            if (!m) return NaN;
            return Number(m[1]) * ({'': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12})[m[2].toLowerCase()];
          }
          function matcher(text, isNumber) {
            text = text.trim();
            if (!text) return null;
            if (isNumber) {
              var range = text.split('..');
              if (range.length === 2) {
                var lo = count(range[0]), hi = count(range[1]);
                return function (v) { return v >= lo && v <= hi; };
              }
              var m = /^(>=|<=|>|<|=)?\s*(.*)$/.exec(text), n = count(m[2]);
              if (isNaN(n)) return function () { return false; };
              switch (m[1]) {
                case '>': return function (v) { return v > n; };
                case '<': return function (v) { return v < n; };
                case '>=': return function (v) { return v >= n; };
                case '<=': return function (v) { return v <= n; };
                default: return function (v) { return v === n; };
              }
            }
            var lower = text.toLowerCase();
            return function (v) { return String(v).toLowerCase().indexOf(lower) >= 0; };
          }
          var table = document.getElementById('catalog-table');
          var body = table.tBodies[0];
          var order = A.map(function (_, i) { return i; });
          var sortColumn = -1, ascending = true, limit = 200;
          function render() {
            var search = document.getElementById('search').value.trim().toLowerCase();
            var filters = [];
            Array.prototype.forEach.call(table.querySelectorAll('tr.filters input'), function (input) {
              var column = Number(input.getAttribute('data-column'));
              var test = matcher(input.value, numeric(fields[column]));
              if (test) filters.push([fields[column], test]);
            });
            var shown = order.filter(function (i) {
              var a = A[i];
              if (search && (a[0] + ' ' + a[1] + ' ' + a[9] + ' ' + a[13].join(' ')).toLowerCase().indexOf(search) < 0) return false;
              for (var k = 0; k < filters.length; k++) if (!filters[k][1](value(a, filters[k][0]))) return false;
              return true;
            });
            var html = [];
            shown.slice(0, limit).forEach(function (i) {
              var a = A[i], cells = '<td><a href="#architecture-' + (i + 1) + '">' + esc(a[0]) + '</a></td>';
              for (var k = 1; k < fields.length; k++) {
                cells += '<td' + (numeric(fields[k]) ? ' class="num"' : '') + '>' + esc(cellText(a, fields[k])) + '</td>';
              }
              html.push('<tr>' + cells + '</tr>');
            });
            body.innerHTML = html.join('');
            document.getElementById('shown').textContent = shown.length === A.length
              ? A.length + ' architectures' : shown.length + ' of ' + A.length + ' architectures';
            var more = document.getElementById('more');
            more.innerHTML = shown.length > limit
              ? 'The first ' + limit + ' rows are shown. <button type="button" id="all-rows">Show all ' + shown.length + '</button>' : '';
            var button = document.getElementById('all-rows');
            if (button) button.addEventListener('click', function () { limit = Infinity; render(); });
          }
          function sortBy(th) {
            var column = Number(th.getAttribute('data-column')), f = fields[column];
            ascending = column === sortColumn ? !ascending : true;
            sortColumn = column;
            Array.prototype.forEach.call(th.parentNode.cells, function (cell) { cell.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            order.sort(function (x, y) {
              var a = value(A[x], f), b = value(A[y], f);
              var d = numeric(f) ? a - b : String(a).toLowerCase().localeCompare(String(b).toLowerCase());
              return ascending ? d : -d;
            });
            render();
          }
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
            th.addEventListener('click', function () { sortBy(th); });
            th.addEventListener('keydown', function (event) {
              if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sortBy(th); }
            });
          });
          document.getElementById('search').addEventListener('input', render);
          Array.prototype.forEach.call(table.querySelectorAll('tr.filters input'), function (input) {
            input.addEventListener('input', render);
          });
          render();

          // One architecture: its totals and its layer table, built when opened.
          function detail(i) {
            var a = A[i], bound = a[11] ? '' : '\u2265 ', total = a[2], step = a[16] ? ' \u2020' : '';
            var html = '<details class="architecture" open="open" id="architecture-' + (i + 1) + '"><summary><span class="name">'
              + esc(a[0]) + '</span> <span class="totals">' + esc(bound + grouped(a[2]) + ' params \u00b7 ' + bound + si(a[5])
              + ' MACs \u00b7 ' + a[6] + ' layers') + '</span></summary>';
            if (a[14]) html += '<p>' + esc(a[14]) + '</p>';
            if (a[15]) html += '<p class="source">Source: ' + esc(a[15]) + '</p>';
            var totals = [['Convention', a[1]], ['Input shape', a[9]], ['Output shape', a[10]],
              ['Total params', bound + grouped(a[2])], ['Trainable params', bound + grouped(a[3])],
              ['Non-trainable params', bound + grouped(a[4])], ['Total MACs', bound + grouped(a[5]) + ' (' + si(a[5]) + ')' + step]];
            if (flops) totals.push(['Total FLOPs (2 \u00d7 MACs)', bound + grouped(2 * a[5]) + step]);
            totals.push(['Parameter memory (float32)', bound + iec(a[8])], ['Depth', String(a[7])]);
            if (a[16]) totals.push(['MACs per step', '\u2020 an input dimension is unknown and counted as 1: not a full count']);
            if (!a[11]) totals.push(['Not counted', a[12].join(', ') + ' (totals are lower bounds)']);
            html += '<dl class="totals">' + totals.map(function (t) { return '<dt>' + esc(t[0]) + '</dt><dd>' + esc(t[1]) + '</dd>'; }).join('') + '</dl>';
            var layers = L[i];
            if (!layers) {
              html += '<p class="omitted">The layer table was left out to keep this page under 5 MB: <code>catalog show ' + esc(a[0]) + '</code> prints it.</p>';
              return html + '</details>';
            }
            var heads = [['#', 1], ['Layer', 0], ['Type', 0], ['Output shape', 0], ['Params', 1], ['MACs', 1]];
            if (flops) heads.push(['FLOPs', 1]);
            heads.push([a[11] ? 'Share of params' : 'Share of \u2265 params', 1], ['Connected to', 0]);
            html += '<table class="sortable layers"><thead><tr>' + heads.map(function (h) {
              return '<th scope="col"' + (h[1] ? ' class="num"' : '') + ' tabindex="0">' + esc(h[0]) + '</th>';
            }).join('') + '</tr></thead><tbody>';
            var rows = [];
            layers.forEach(function (row, position) {
              // Names, types, shapes and inbound texts are indices into the shared strings.
              var l = [S[row[0]], S[row[1]], S[row[2]], row[3], row[4], S[row[5]]];
              var row = '<tr><td class="num" data-value="' + position + '">' + position + '</td>'
                + '<td data-value="' + esc(l[0]) + '">' + esc(l[0]) + '</td><td data-value="' + esc(l[1]) + '">' + esc(l[1]) + '</td>'
                + '<td data-value="' + esc(l[2]) + '">' + esc(l[2]) + '</td>';
              var numbers = [l[3], l[4]].concat(flops ? [l[4] === null ? null : 2 * l[4]] : []);
              numbers.forEach(function (n) {
                row += n === null ? '<td class="num unknown" data-value="-1">unknown</td>' : '<td class="num" data-value="' + n + '">' + grouped(n) + '</td>';
              });
              if (l[3] !== null && l[3] > 0 && total > 0) {
                var share = l[3] / total * 100;
                var pct = share >= 1 ? share.toFixed(1) + '%' : share < 0.005 ? '<0.01%' : share.toFixed(2) + '%';
                row += '<td class="num share" data-value="' + l[3] + '"><span class="track"><span class="fill" style="width:'
                  + share.toFixed(1) + '%"></span></span><span class="pct">' + esc(pct) + '</span></td>';
              } else {
                row += '<td class="num share" data-value="' + (l[3] === null ? -1 : 0) + '">' + (l[3] === null ? 'unknown' : '') + '</td>';
              }
              rows.push(row + '<td data-value="' + esc(l[5]) + '">' + esc(l[5]) + '</td></tr>');
            });
            html += rows.join('') + '</tbody><tfoot><tr><th scope="row" colspan="4">Total</th><td class="num">' + esc(bound + grouped(a[2]))
              + '</td><td class="num">' + esc(bound + grouped(a[5])) + '</td>' + (flops ? '<td class="num">' + esc(bound + grouped(2 * a[5])) + '</td>' : '')
              + '<td class="num">100%</td><td></td></tr></tfoot></table>';
            return html + '</details>';
          }
          function sortLayers(table, th, index) {
            var tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
            var up = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(th.parentNode.cells, function (cell) { cell.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
            var isNumber = th.classList.contains('num');
            rows.sort(function (p, q) {
              var x = p.cells[index].getAttribute('data-value') || '', y = q.cells[index].getAttribute('data-value') || '';
              var d = isNumber ? Number(x) - Number(y) : x.localeCompare(y);
              return up ? d : -d;
            });
            rows.forEach(function (row) { tbody.appendChild(row); });
          }
          var opened = document.getElementById('opened');
          function open(i, scroll) {
            var element = document.getElementById('architecture-' + (i + 1));
            if (!element) {
              opened.insertAdjacentHTML('beforeend', detail(i));
              element = opened.lastElementChild;
              var layerTable = element.querySelector('table.sortable');
              if (layerTable) Array.prototype.forEach.call(layerTable.tHead.rows[0].cells, function (th, index) {
                th.addEventListener('click', function () { sortLayers(layerTable, th, index); });
              });
            }
            element.open = true;
            // Scrolling lays out the whole page: after it is drawn.
            if (scroll) requestAnimationFrame(function () { element.scrollIntoView(); });
          }
          function openTarget() {
            var m = /^#architecture-([0-9]+)$/.exec(location.hash);
            if (m && Number(m[1]) >= 1 && Number(m[1]) <= A.length) open(Number(m[1]) - 1, true);
          }
          window.addEventListener('hashchange', openTarget);
          Array.prototype.forEach.call(document.querySelectorAll('#scatter circle'), function (c) {
            c.addEventListener('click', function () { location.hash = 'architecture-' + (Number(c.getAttribute('data-index')) + 1); });
          });
          if (data.expanded) A.forEach(function (_, i) { open(i, false); });
          openTarget();
          document.getElementById('expand').addEventListener('click', function () {
            A.forEach(function (_, i) { open(i, false); });
          });
          document.getElementById('collapse').addEventListener('click', function () {
            Array.prototype.forEach.call(document.querySelectorAll('details.architecture'), function (d) { d.open = false; });
          });
          // When the page was drawn, in milliseconds since navigation began (for tests).
          document.documentElement.setAttribute('data-ready-ms', String(Math.round(performance.now())));
        })();
        """#
}
