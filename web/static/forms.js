// After a refused submit: tie each error message to its field (aria-invalid,
// aria-describedby) and move the focus to the error summary, else the first
// invalid field, else the form's own message (WCAG 3.3.1, 2.4.3). The pages
// work without it; it only helps keyboard and screen-reader users.
document.addEventListener("DOMContentLoaded", () => {
  let n = 0, first = null;
  for (const msg of document.querySelectorAll("form .field-error")) {
    msg.id = msg.id || "field-error-" + (++n);
    const box = msg.closest("p, fieldset, label");
    const field = box && box.querySelector("input:not([type=hidden]), select, textarea");
    if (!field) {
      msg.tabIndex = -1;
      first = first || msg;
      continue;
    }
    field.setAttribute("aria-invalid", "true");
    const ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!ids.includes(msg.id)) ids.push(msg.id);
    field.setAttribute("aria-describedby", ids.join(" "));
    if (!first || first.classList.contains("field-error")) first = field;
  }
  const target = document.querySelector(".error-summary") || first;
  if (target) target.focus();
});
