// Behaviour without inline scripts (the Content-Security-Policy allows only our own files).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.submit();
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("a[data-back]")) {
    event.preventDefault();
    history.back();
  }
});
