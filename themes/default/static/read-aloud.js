/* placard default theme: read aloud (朗读全文) for article pages, through the
   browser's own speech synthesis (window.speechSynthesis): no network, no
   service. The buttons are in the page hidden and shown here only when the
   browser can speak. It reads the article's title and text (not the menus),
   in the page's language (<html lang>), sentence by sentence (some browsers
   stop a long utterance after a few seconds). One button starts, pauses and
   resumes (its label says what it will do); the other stops. */
(function () {
  'use strict';
  if (!('speechSynthesis' in window) || !window.SpeechSynthesisUtterance) { return; }
  var synth = window.speechSynthesis;
  // The longest piece spoken at once, in characters.
  var PIECE = 180;

  /* The article's text: its title, then its body, a line per block. */
  function articleText(article) {
    var parts = [];
    var title = article.querySelector('h1');
    if (title) { parts.push(title.innerText); }
    Array.prototype.forEach.call(article.querySelectorAll('.prose'), function (prose) {
      parts.push(prose.innerText);
    });
    return parts.join('\n');
  }

  /* The text in pieces of at most PIECE characters: a line (a heading, a
     paragraph) is never joined to the next; a long one is cut after its
     sentences (。！？；.!?;), and a sentence longer than PIECE anywhere. */
  function pieces(text) {
    var out = [];
    text.split(/\n+/).forEach(function (line) {
      var current = '';
      (line.match(/[^。！？；!?;.]+[。！？；!?;.]*/g) || []).forEach(function (sentence) {
        var s = sentence.replace(/\s+/g, ' ');
        if (current && (current + s).length > PIECE) { out.push(current); current = ''; }
        while (s.length > PIECE) { out.push(s.slice(0, PIECE)); s = s.slice(PIECE); }
        current += s;
      });
      out.push(current);
    });
    return out.map(function (p) { return p.trim(); }).filter(function (p) { return p.length > 0; });
  }

  function init() {
    var box = document.querySelector('[data-read-aloud]');
    var article = box && box.closest('article');
    if (!article) { return; }
    var toggle = box.querySelector('[data-read-aloud-toggle]');
    var stopButton = box.querySelector('[data-read-aloud-stop]');
    var lang = document.documentElement.getAttribute('lang') || '';
    var labels = {
      start: box.getAttribute('data-label-start'),
      pause: box.getAttribute('data-label-pause'),
      resume: box.getAttribute('data-label-resume')
    };
    // 'idle', 'speaking' or 'paused'; `run` tells a stopped reading's late
    // events from the current one's.
    var state = 'idle';
    var run = 0;

    function show(next) {
      state = next;
      toggle.textContent = next === 'speaking' ? labels.pause : next === 'paused' ? labels.resume : labels.start;
      stopButton.hidden = next === 'idle';
      box.setAttribute('data-state', next);
    }

    function start() {
      synth.cancel();
      run += 1;
      var mine = run;
      var queue = pieces(articleText(article));
      if (!queue.length) { return; }
      queue.forEach(function (text, i) {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        if (i === queue.length - 1) {
          utterance.onend = function () { if (run === mine) { show('idle'); } };
        }
        utterance.onerror = function (event) {
          if (run === mine && event.error !== 'interrupted' && event.error !== 'canceled') { stop(); }
        };
        synth.speak(utterance);
      });
      show('speaking');
    }

    function stop() {
      run += 1;
      synth.cancel();
      show('idle');
    }

    toggle.addEventListener('click', function () {
      if (state === 'idle') {
        start();
      } else if (state === 'speaking') {
        synth.pause();
        show('paused');
      } else {
        synth.resume();
        show('speaking');
      }
    });
    stopButton.addEventListener('click', function () {
      stop();
      toggle.focus();
    });
    // Leaving the page stops the voice (some browsers would read on).
    window.addEventListener('pagehide', function () { synth.cancel(); });
    show('idle');
    box.hidden = false;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
