// Small progressive enhancements shared by all pages. Pages work without it.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions that declare data-confirm.
  document.body.addEventListener("submit", (e) => {
    const msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
});
