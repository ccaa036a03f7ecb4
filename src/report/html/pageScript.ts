/**
 * The page's only script, inline (the page's Content-Security-Policy allows exactly this text, by
 * its hash). It reads the exchanges from the page's `<script type="application/json">`, shows the
 * request and answer of the exchange clicked (or chosen with Enter or Space) in its timeline's
 * panel, and copies curl commands. It writes report text with `textContent` only, never as markup.
 * The filter needs no script (the page style does it).
 */
export const pageScript = String.raw`(function () {
  'use strict';
  var source = document.getElementById('cpn-exchanges');
  var data = source ? JSON.parse(source.textContent || '[]') : [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function messagePart(className, title, message, missing) {
    var part = el('section', className);
    part.appendChild(el('h5', '', title));
    if (!message) {
      part.appendChild(el('p', 'note', missing));
      return part;
    }
    var lines = [message.firstLine].concat(message.headers.map(function (h) { return h[0] + ': ' + h[1]; }));
    var text = lines.join('\n') + '\n\n' + (message.body === undefined ? '(no body)' : message.body);
    part.appendChild(el('pre', '', text));
    if (message.bodyNote) part.appendChild(el('p', 'note body-note', 'Body ' + message.bodyNote + '.'));
    return part;
  }

  function show(mark) {
    var timeline = mark.getAttribute('data-timeline');
    var exchange = (data[Number(timeline)] || [])[Number(mark.getAttribute('data-index'))];
    var panel = document.querySelector('.exchange-detail[data-timeline="' + timeline + '"]');
    if (!exchange || !panel) return;
    var head = el('h4', '', exchange.label + ': ' + exchange.outcome);
    var parts = el('div', 'exchange-parts');
    parts.appendChild(messagePart('exchange-request', 'request', exchange.request, 'No request was recorded.'));
    parts.appendChild(messagePart('exchange-answer', 'answer', exchange.answer, 'No answer was recorded.'));
    var verdict = el('p', 'verdict-line ' + (exchange.ok ? 'verdict-line-ok' : 'verdict-line-bad'), exchange.verdictLine);
    panel.replaceChildren(head, verdict, el('p', 'note timing', exchange.timing), parts);
    var marks = mark.ownerSVGElement.querySelectorAll('.attempt-mark');
    for (var i = 0; i < marks.length; i++) {
      marks[i].classList.toggle('selected', marks[i] === mark);
      marks[i].setAttribute('aria-pressed', marks[i] === mark ? 'true' : 'false');
    }
  }

  function copy(button) {
    var pre = document.getElementById(button.getAttribute('data-for'));
    if (!pre) return;
    function done(copied) {
      button.textContent = copied ? 'copied' : 'selected: press Ctrl+C';
      setTimeout(function () { button.textContent = 'copy'; }, 2500);
    }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      done(copied);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(pre.textContent).then(function () { done(true); }, select);
    } else select();
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var mark = target.closest('.attempt-mark');
    if (mark) return show(mark);
    var button = target.closest('button.copy');
    if (button) copy(button);
  });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if ((event.key === 'Enter' || event.key === ' ') && target && target.closest) {
      var mark = target.closest('.attempt-mark');
      if (mark) { event.preventDefault(); show(mark); }
    }
  });
})();
`;
