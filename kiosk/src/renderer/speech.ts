/**
 * Spoken guidance for the elderly mode: each step is read out in Mandarin with the
 * browser's speech synthesis (Electron's Chromium has it; a voice pack for zh-CN must be
 * installed on the machine). Without a voice the kiosk stays silent and shows the text.
 * The last sentence is also put on <body data-spoken> so tests can check what was said.
 */
export function speak(text: string): void {
  document.body.dataset.spoken = text;
  const synth = (window as { speechSynthesis?: SpeechSynthesis }).speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  try {
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'zh-CN';
    utterance.rate = 0.85;
    const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').startsWith('zh'));
    if (voice) utterance.voice = voice;
    synth.speak(utterance);
  } catch {
    // No speech on this machine: the screen says it all.
  }
}

export function stopSpeaking(): void {
  delete document.body.dataset.spoken;
  (window as { speechSynthesis?: SpeechSynthesis }).speechSynthesis?.cancel();
}
