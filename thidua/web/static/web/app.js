// Page behaviour lives here, not in inline scripts, so a strict Content-Security-Policy can apply.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.submit();
  const check = event.target.closest("input[data-autosubmit-check]");
  if (check) check.form.submit();
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
