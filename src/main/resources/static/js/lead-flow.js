// Lead flow heatmap (SPEC S5): draws /leads/flow/data with ECharts; no inline scripts (CSP).
// The chart is as wide as its columns need and scrolls inside its own box; many reps scroll with a slider.
(function () {
  'use strict';
  var el = document.getElementById('flow-chart');
  if (!el) {
    return;
  }
  var box = document.getElementById('flow-chart-box');
  var metricSelect = document.getElementById('flow-metric');
  var LEFT = 96;
  var COLUMN = 30;
  var ROW = 24;
  var VISIBLE_ROWS = 25;
  var COLOURS = {
    received: ['#f1f7fd', '#6baed6', '#08306b'],
    response: ['#1a9850', '#fee08b', '#d73027'],
    reallocation: ['#fff5f0', '#fb6a4a', '#99000d']
  };
  var data = null;
  var chart = null;

  function message(text, css) {
    if (chart) {
      chart.dispose();
      chart = null;
    }
    el.textContent = '';
    el.style.width = '';
    el.style.height = '';
    var p = document.createElement('p');
    p.className = 'small p-2 m-0 ' + (css || 'text-muted');
    p.id = 'flow-chart-message';
    p.textContent = text;
    el.appendChild(p);
  }

  function fmt(pattern, value) {
    return String(pattern).replace('{0}', value);
  }

  function duration(seconds) {
    if (seconds == null) {
      return '—';
    }
    if (seconds < 60) {
      return fmt(el.dataset.fmtSeconds, Math.round(seconds));
    }
    if (seconds < 3600) {
      return fmt(el.dataset.fmtMinutes, Math.round(seconds / 60));
    }
    return fmt(el.dataset.fmtHours, (seconds / 3600).toFixed(1));
  }

  function percent(rate) {
    return rate == null ? '—' : (rate * 100).toFixed(1) + '%';
  }

  // the value a cell is coloured by: a count, minutes, or a percentage
  function value(cell, metric) {
    if (metric === 'response') {
      return cell.meanFirstResponseSeconds == null ? null : Math.round(cell.meanFirstResponseSeconds / 6) / 10;
    }
    if (metric === 'reallocation') {
      return cell.reallocationRate == null ? null : Math.round(cell.reallocationRate * 1000) / 10;
    }
    return cell.received;
  }

  function metricLabel(metric) {
    return metric === 'response' ? el.dataset.labelResponse
      : metric === 'reallocation' ? el.dataset.labelReallocation : el.dataset.labelReceived;
  }

  // response times in the bands of the golden-response ladder (30 min, 2 h, 4 h); counts and rates on a scale
  function visualMap(metric, max) {
    if (metric === 'response') {
      var m = function (n) { return fmt(el.dataset.fmtMinutes, n); };
      var h = function (n) { return fmt(el.dataset.fmtHours, n); };
      return {
        type: 'piecewise',
        orient: 'horizontal',
        left: 0,
        bottom: 4,
        itemGap: 6,
        textStyle: { fontSize: 11 },
        pieces: [
          { lt: 30, color: COLOURS.response[0], label: '< ' + m(30) },
          { gte: 30, lt: 120, color: '#a6d96a', label: m(30) + ' – ' + h(2) },
          { gte: 120, lt: 240, color: '#fdae61', label: h(2) + ' – ' + h(4) },
          { gte: 240, color: COLOURS.response[2], label: '≥ ' + h(4) }
        ]
      };
    }
    return {
      min: 0,
      max: max > 0 ? max : 1,
      calculable: true,
      orient: 'horizontal',
      left: 0,
      bottom: 4,
      itemHeight: 140,
      text: [metricLabel(metric), ''],
      textStyle: { fontSize: 11 },
      inRange: { color: COLOURS[metric] || COLOURS.received }
    };
  }

  function size() {
    var rows = Math.min(data.rows.length, VISIBLE_ROWS);
    var width = Math.max(box.clientWidth - 2, LEFT + data.columns.length * COLUMN + 48);
    return { width: width, height: rows * ROW + 110 };
  }

  function render() {
    var metric = metricSelect ? metricSelect.value : el.dataset.metric;
    if (!data.rows.length) {
      message(el.dataset.labelEmpty);
      el.setAttribute('data-rendered', 'empty');
      return;
    }
    var columns = data.columns;
    var names = {};
    var reps = data.rows.map(function (row) {
      var name = row.repName;
      // two reps of one name stay two rows
      if (names[name]) {
        name = name + ' #' + row.repId;
      }
      names[name] = true;
      return name;
    });
    var cells = {};
    var points = [];
    var max = 0;
    data.rows.forEach(function (row, y) {
      var seen = {};
      row.cells.forEach(function (cell) {
        seen[cell.column] = true;
        cells[y + ':' + cell.column] = cell;
        var v = value(cell, metric);
        if (v != null) {
          points.push([cell.column, y, v]);
          max = Math.max(max, v);
        }
      });
      if (metric === 'received') {
        for (var x = 0; x < columns.length; x++) {
          if (!seen[x]) {
            points.push([x, y, 0]);
          }
        }
      }
    });
    var many = data.rows.length > VISIBLE_ROWS;
    var dims = size();
    if (!chart) {
      el.textContent = '';
      el.style.width = dims.width + 'px';
      el.style.height = dims.height + 'px';
      chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.on('finished', function () {
        el.setAttribute('data-rendered', 'true');
      });
    }
    else {
      el.style.width = dims.width + 'px';
      el.style.height = dims.height + 'px';
      chart.resize({ width: dims.width, height: dims.height });
    }
    var option = {
      animation: false,
      tooltip: {
        position: 'top',
        confine: true,
        formatter: function (p) {
          var x = p.value[0];
          var y = p.value[1];
          var column = columns[x];
          var cell = cells[y + ':' + x];
          var when = column.from === column.to ? column.from : column.from + ' ~ ' + column.to;
          var lines = [reps[y], when];
          if (cell) {
            lines.push(el.dataset.labelReceived + ': ' + cell.received);
            lines.push(el.dataset.labelResponse + ': ' + duration(cell.meanFirstResponseSeconds));
            lines.push(el.dataset.labelWithin2h + ': ' + percent(cell.answeredWithin2hRate));
            lines.push(el.dataset.labelReallocation + ': ' + percent(cell.reallocationRate));
          }
          else {
            lines.push(el.dataset.labelReceived + ': 0');
          }
          return lines.map(function (line) {
            return window.echarts.format.encodeHTML(String(line));
          }).join('<br>');
        }
      },
      grid: { left: LEFT, right: many ? 36 : 12, top: 28, bottom: 70 },
      xAxis: {
        type: 'category',
        position: 'top',
        data: columns.map(function (c) { return c.label; }),
        splitArea: { show: true },
        axisLabel: { interval: 0, fontSize: 10 }
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: reps,
        splitArea: { show: true },
        axisLabel: { width: LEFT - 10, overflow: 'truncate', fontSize: 11 }
      },
      visualMap: visualMap(metric, max),
      dataZoom: many ? [
        { type: 'slider', yAxisIndex: 0, right: 4, width: 16, startValue: 0, endValue: VISIBLE_ROWS - 1,
          showDetail: false, brushSelect: false },
        { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false }
      ] : [],
      series: [{
        type: 'heatmap',
        name: metricLabel(metric),
        data: points,
        label: {
          show: metric === 'received' && data.rows.length <= VISIBLE_ROWS,
          fontSize: 10,
          formatter: function (p) { return p.value[2] ? String(p.value[2]) : ''; }
        },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } }
      }]
    };
    chart.setOption(option, true);
  }

  if (!window.echarts) {
    message(el.dataset.labelError, 'text-danger');
    return;
  }
  fetch(el.dataset.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) {
      return response.json().catch(function () {
        return null;
      }).then(function (body) {
        if (!response.ok) {
          throw new Error(body && body.detail ? body.detail : el.dataset.labelError);
        }
        if (!body || !body.rows) {
          throw new Error(el.dataset.labelError);
        }
        return body;
      });
    })
    .then(function (body) {
      data = body;
      render();
    })
    .catch(function (error) {
      message(error && error.message ? error.message : el.dataset.labelError, 'text-danger');
      el.setAttribute('data-rendered', 'error');
    });

  if (metricSelect) {
    metricSelect.addEventListener('change', function () {
      if (data) {
        render();
      }
    });
  }
  var pending = null;
  window.addEventListener('resize', function () {
    if (!chart || !data) {
      return;
    }
    clearTimeout(pending);
    pending = setTimeout(function () {
      var dims = size();
      el.style.width = dims.width + 'px';
      el.style.height = dims.height + 'px';
      chart.resize({ width: dims.width, height: dims.height });
    }, 150);
  });
})();
