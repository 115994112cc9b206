// The console's "Print the card" button (inline handlers are not allowed by the page's CSP).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
