// Contract approval (O7): keeps "waiting for 2 h 10 min" live on pages that show pending steps.
(function () {
  function text(seconds, zh) {
    var s = Math.max(0, Math.floor(seconds));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d > 0) return zh ? d + ' 天 ' + h + ' 小时' : d + ' d ' + h + ' h';
    if (h > 0) return zh ? h + ' 小时 ' + m + ' 分钟' : h + ' h ' + m + ' min';
    return zh ? m + ' 分钟' : m + ' min';
  }
  function tick() {
    var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
    document.querySelectorAll('[data-started][data-template]').forEach(function (el) {
      var started = Number(el.getAttribute('data-started'));
      el.textContent = el.getAttribute('data-template').replace('{0}', text((Date.now() - started) / 1000, zh));
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    tick();
    setInterval(tick, 30000);
  });
})();
