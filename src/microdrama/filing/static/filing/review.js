// Tracks which stretches of the episode the reviewer actually played, so that "watched in full"
// means watched (不得快进和遗漏), and posts them to the server every few seconds. A seek ends the
// current stretch: jumping ahead never counts the skipped part.
(function () {
  const video = document.getElementById("player");
  if (!video) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const url = video.dataset.watchUrl;
  let pending = [];
  let start = null;   // where the stretch being played began
  let last = 0;       // the last position reached by normal playback

  function flush() {
    if (start !== null && last > start) pending.push([start, last]);
    start = video.paused || video.seeking ? null : last;
  }
  async function send(full) {
    flush();
    const ranges = pending;
    pending = [];
    const response = await fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify({ranges, full: !!full})});
    const body = await response.json();
    const note = document.getElementById("watch-note");
    if (!response.ok) { note.textContent = body.detail; return body; }
    note.textContent = "";
    document.getElementById("coverage").textContent = Math.round(body.coverage * 100) + "%";
    if (full && body.watched_in_full) window.location.reload();
    return body;
  }
  // The 审核通则 forbids fast-forwarding: playback faster than 1.5× is put back to normal speed.
  video.addEventListener("ratechange", () => { if (video.playbackRate > 1.5) video.playbackRate = 1.0; });
  video.addEventListener("play", () => { last = video.currentTime; start = last; });
  video.addEventListener("timeupdate", () => {
    if (video.seeking || start === null) return;
    if (video.currentTime >= last && video.currentTime - last < 2 * Math.max(1, video.playbackRate)) last = video.currentTime;
  });
  video.addEventListener("seeking", () => { flush(); start = null; });
  video.addEventListener("seeked", () => { last = video.currentTime; start = video.paused ? null : last; });
  video.addEventListener("pause", () => send(false));
  video.addEventListener("ended", () => { last = video.duration; send(false); });
  setInterval(() => { if (!video.paused) send(false); }, 5000);
  const mark = document.getElementById("mark-full");
  if (mark) mark.addEventListener("click", () => send(true));
  const useTime = document.getElementById("use-time");
  if (useTime) useTime.addEventListener("click", () => {
    const t = Math.floor(video.currentTime);
    document.getElementById("id_timecode").value = String(Math.floor(t / 60)).padStart(2, "0") + ":" + String(t % 60).padStart(2, "0");
  });
})();
