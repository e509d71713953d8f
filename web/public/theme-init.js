// Applies the saved theme before first paint to avoid a flash of the wrong theme. A file rather
// than an inline script so the server's Content-Security-Policy (script-src 'self') allows it.
(function () {
  try {
    var t = localStorage.getItem('switchboard-theme') || 'system';
    var dark = t === 'dark' || (t === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    if (dark) document.documentElement.classList.add('dark');
  } catch (e) {}
})();
