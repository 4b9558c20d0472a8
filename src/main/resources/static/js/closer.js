// Closer page glue: CSRF header for htmx requests, no inline scripts (CSP: script-src 'self').
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
document.addEventListener('click', function (event) {
  var target = event.target.closest('[data-confirm]');
  if (target && !window.confirm(target.getAttribute('data-confirm'))) {
    event.preventDefault();
  }
});

// Follow-up form: blocks marked data-channel-only="VISIT" show (and submit) only while that channel is chosen.
function closerChannelBlocks() {
  var chosen = document.querySelector('input[name="channel"]:checked');
  document.querySelectorAll('[data-channel-only]').forEach(function (block) {
    var on = !!chosen && block.getAttribute('data-channel-only') === chosen.value;
    block.hidden = !on;
    block.querySelectorAll('input, select, textarea').forEach(function (input) { input.disabled = !on; });
  });
}
document.addEventListener('change', function (event) {
  if (event.target && event.target.name === 'channel') {
    closerChannelBlocks();
  }
});
document.addEventListener('DOMContentLoaded', closerChannelBlocks);
