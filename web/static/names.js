// Progressive enhancement of the name pickers; every form works without it.
// - input[data-filter-options=ID]: shows the box and hides the options of
//   select#ID whose label does not contain the text typed (picked options
//   stay visible, so a search never drops a choice from view).
// - input[data-agency-picker]: fills its <datalist> with the agencies whose
//   name or USCC matches what is typed, from /api/v1/agencies/lookup.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("input[data-filter-options]")) {
    const select = document.getElementById(box.dataset.filterOptions);
    if (!select) continue;
    box.hidden = false;
    box.addEventListener("input", () => {
      const q = box.value.trim().toLowerCase();
      for (const opt of select.options) {
        opt.hidden = q !== "" && !opt.selected && !opt.textContent.toLowerCase().includes(q);
      }
    });
  }
  for (const input of document.querySelectorAll("input[data-agency-picker]")) {
    const list = input.list;
    if (!list) continue;
    let timer = null, asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 2 || q === asked) return;
        asked = q;
        const r = await fetch("/api/v1/agencies/lookup?q=" + encodeURIComponent(q), { credentials: "same-origin" });
        if (!r.ok) return;
        const body = await r.json();
        list.replaceChildren(...(body.items || []).map((a) => {
          const o = document.createElement("option");
          o.value = a.name;
          o.label = a.uscc;
          return o;
        }));
      }, 200);
    });
  }
});
