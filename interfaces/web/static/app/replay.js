// Supervision's replay: the slider shows its frame as soon as it moves, and the left and
// right arrow keys step back and forward (outside form fields, where they keep their own
// meaning; on the slider they move it). Without this file the form's buttons do both.
const form = document.querySelector("form[data-replay]");
if (form) {
  const slider = form.querySelector("input[type=range]");
  const show = form.querySelector("[data-replay-show]");
  slider.addEventListener("change", () => form.requestSubmit(show));
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const step = { ArrowLeft: "[data-replay-previous]", ArrowRight: "[data-replay-next]" }[event.key];
    const button = step && form.querySelector(step);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}
