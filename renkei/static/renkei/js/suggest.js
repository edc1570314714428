// Suggestions under a text field (the application form's local government): choosing one
// puts its code into the field. The list is loaded by htmx; without script the field still
// accepts a typed name or code, which the server resolves.
document.addEventListener("click", (event) => {
  const choice = event.target.closest("[data-suggest-value]");
  if (!choice) return;
  const box = choice.closest("[data-suggest-for]");
  const input = box && document.getElementById(box.dataset.suggestFor);
  if (!input) return;
  input.value = choice.textContent.trim();
  box.textContent = "";
  input.focus();
});
