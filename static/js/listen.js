// "Listen" on a release page: the browser's own speech synthesis reads the title,
// lead, body and quotes, one utterance per sentence (boundary events differ from
// browser to browser), and the sentence being read is highlighted.
const control = document.querySelector(".listen");
if (control && window.speechSynthesis && window.SpeechSynthesisUtterance) {
  const synth = window.speechSynthesis;
  const play = control.querySelector(".listen__play");
  const stop = control.querySelector(".listen__stop");
  const speed = control.querySelector("select");
  const status = control.querySelector(".listen__status");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const CURRENT = "listen__sentence--current";
  let sentences = null;
  let current = -1; // the sentence being read; -1 when stopped
  let utterance = null;
  let paused = false;

  const voiceFor = (lang) => synth.getVoices().find((voice) => voice.lang.toLowerCase().startsWith(lang));
  // Chromium loads its voices after the page; a browser with none may never say so.
  const voicesLoaded = () => synth.getVoices().length ? Promise.resolve() : new Promise((resolve) => {
    synth.addEventListener("voiceschanged", resolve, { once: true });
    window.setTimeout(resolve, 1000);
  });

  // Consecutive pieces that together make up the whole text.
  const split = (text, lang) => window.Intl && Intl.Segmenter
    ? [...new Intl.Segmenter(lang, { granularity: "sentence" }).segment(text)].map((piece) => piece.segment)
    : text.match(/[^.!?…]*(?:[.!?…]+\s*|$)/g).filter(Boolean);

  // Wraps each sentence's text in spans (several when it crosses a link or <strong>).
  const wrapSentences = () => {
    const found = [];
    const candidates = [...document.querySelectorAll(
      ".release__title, .release__lead, .release__body :is(p, li, h2, h3, h4, h5, h6, blockquote, td, th)",
    )];
    const blocks = candidates.filter((block) => !candidates.some((other) => other !== block && block.contains(other)));
    blocks.forEach((block) => {
      const lang = block.closest("[lang]").lang.toLowerCase();
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      let end = 0;
      const pieces = split(nodes.map((node) => node.data).join(""), lang).map((text) => {
        end += text.length;
        const sentence = { text: text.trim(), lang, spans: [], end };
        if (sentence.text) found.push(sentence);
        return sentence;
      });
      let position = 0;
      nodes.forEach((node) => {
        let rest = node;
        while (rest && rest.length) {
          const piece = pieces.find((candidate) => candidate.end > position);
          const length = Math.min(rest.length, piece.end - position);
          const after = length < rest.length ? rest.splitText(length) : null;
          if (piece.text) {
            const span = document.createElement("span");
            span.className = "listen__sentence";
            rest.replaceWith(span);
            span.append(rest);
            piece.spans.push(span);
          }
          position += length;
          rest = after;
        }
      });
    });
    return found;
  };

  const show = () => {
    play.textContent = current < 0 ? control.dataset.play : paused ? control.dataset.resume : control.dataset.pause;
    stop.disabled = current < 0;
    document.querySelectorAll(`.${CURRENT}`).forEach((span) => span.classList.remove(CURRENT));
    if (current < 0) return;
    const { spans } = sentences[current];
    spans.forEach((span) => span.classList.add(CURRENT));
    spans[0].scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
  };

  const speak = (index) => {
    current = index < sentences.length ? index : -1;
    if (current < 0) return show();
    const sentence = sentences[index];
    const voice = voiceFor(sentence.lang);
    // A quote in another language is left out rather than read with the wrong voice.
    if (!voice) return speak(index + 1);
    show();
    const spoken = new SpeechSynthesisUtterance(sentence.text);
    Object.assign(spoken, { lang: sentence.lang, voice, rate: Number(speed.value) });
    const next = () => { if (utterance === spoken) speak(index + 1); };
    spoken.addEventListener("end", next);
    spoken.addEventListener("error", next);
    utterance = spoken;
    synth.speak(spoken);
  };

  const stopReading = () => {
    utterance = null;
    paused = false;
    synth.cancel();
    current = -1;
    show();
  };

  play.addEventListener("click", async () => {
    if (current >= 0) {
      paused = !paused;
      if (paused) synth.pause(); else synth.resume();
      return show();
    }
    await voicesLoaded();
    status.textContent = voiceFor(control.dataset.lang) ? "" : control.dataset.noVoice;
    if (status.textContent) return;
    sentences ||= wrapSentences();
    synth.cancel();
    speak(0);
  });
  stop.addEventListener("click", () => { stopReading(); play.focus(); });
  // A rate applies to an utterance as it starts, so the current sentence starts again.
  speed.addEventListener("change", () => {
    if (current < 0 || paused) return;
    utterance = null;
    synth.cancel();
    speak(current);
  });
  window.addEventListener("pagehide", stopReading);
  synth.getVoices();
  control.hidden = false;
}
