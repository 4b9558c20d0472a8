// Opportunity board (SPEC O5): drag a card to the next column, or press its button, to advance it. The server's
// gate answers with the card: moved when the stage changed (X-Stage header), else with the refusal listed in place.
(function () {
  var board = document.getElementById('board');
  if (!board) {
    return;
  }
  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (token && header) {
      headers[header.content] = token.content;
    }
    return headers;
  }
  function advance(card, to) {
    card.classList.add('opp-busy');
    fetch(card.getAttribute('data-url'), {
      method: 'POST', headers: csrf(), credentials: 'same-origin',
      body: 'to=' + encodeURIComponent(to || '')
    }).then(function (response) {
      var stage = response.headers.get('X-Stage');
      return response.text().then(function (html) { return { stage: stage, html: html }; });
    }).then(function (answer) {
      var holder = document.createElement('div');
      holder.innerHTML = answer.html.trim();
      var fresh = holder.firstElementChild;
      if (!fresh) {
        card.classList.remove('opp-busy');
        return;
      }
      if (answer.stage) {
        var column = board.querySelector('.opp-column[data-stage="' + answer.stage + '"] .opp-column-body');
        card.remove();
        if (column) {
          column.insertBefore(fresh, column.firstChild);
        }
      } else {
        card.replaceWith(fresh);
      }
    }).catch(function () {
      card.classList.remove('opp-busy');
    });
  }
  board.addEventListener('dragstart', function (event) {
    var card = event.target.closest('.opp-card');
    if (card) {
      event.dataTransfer.setData('text/plain', card.getAttribute('data-id'));
      event.dataTransfer.effectAllowed = 'move';
    }
  });
  board.addEventListener('dragover', function (event) {
    if (event.target.closest('.opp-column')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    }
  });
  board.addEventListener('drop', function (event) {
    var column = event.target.closest('.opp-column');
    if (!column) {
      return;
    }
    event.preventDefault();
    var id = event.dataTransfer.getData('text/plain');
    var card = document.getElementById('card-' + id);
    if (!card || card.getAttribute('data-stage') === column.getAttribute('data-stage')) {
      return;
    }
    advance(card, column.getAttribute('data-stage'));
  });
  board.addEventListener('click', function (event) {
    var button = event.target.closest('.opp-advance');
    if (button) {
      var card = button.closest('.opp-card');
      advance(card, card.getAttribute('data-next'));
    }
  });
})();
