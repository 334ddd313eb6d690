/* Writing aids on the article form (articles/admin/photos.py, articles/services/writing.py).
 *
 * Word count and reading time of the body, the sapo hint, the meta description's default
 * shown as its placeholder, and the offer to update the address once the title of an
 * unpublished article changes. The numbers and messages come from the page (data
 * attributes written by the server), so the rule lives in one place.
 */
"use strict";

(function () {
  function words(text) {
    const trimmed = (text || "").trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  }

  function bodyText() {
    const editable = document.querySelector(".field-body [contenteditable=true]");
    if (editable) {
      return editable.innerText;
    }
    const textarea = document.querySelector("textarea[name=body]");
    if (!textarea) {
      return "";
    }
    const scratch = document.createElement("div");
    scratch.innerHTML = textarea.value.replace(/</g, " <");
    return scratch.textContent;
  }

  function setup(stats) {
    const perMinute = Number(stats.dataset.wordsPerMinute) || 200;
    const sapoMax = Number(stats.dataset.sapoMaxWords) || 50;
    const count = stats.querySelector(".writing-count");
    const hint = stats.querySelector(".writing-sapo-hint");
    const lead = document.querySelector("#id_lead");
    const meta = document.querySelector("#id_meta_description");

    function update() {
      const total = words(bodyText());
      count.textContent = total
        ? fill(stats.dataset.summary, { words: total, minutes: Math.ceil(total / perMinute) })
        : stats.dataset.empty;
      const sapoWords = words(lead ? lead.value : "");
      hint.textContent =
        sapoWords > sapoMax ? fill(stats.dataset.sapoHint, { words: sapoWords, limit: sapoMax }) : "";
      if (meta && lead) {
        meta.placeholder = lead.value.trim().slice(0, 300);
      }
    }

    let pending = null;
    function soon() {
      clearTimeout(pending);
      pending = setTimeout(update, 250);
    }
    document.addEventListener("input", soon);
    document.addEventListener("prose-editor:ready", (event) => {
      const editor = event.detail && event.detail.editor;
      if (editor && editor.on) {
        editor.on("update", soon);
      }
      soon();
    });
    update();
  }

  function offerNewAddress() {
    const title = document.querySelector("#id_title");
    const row = document.querySelector(".field-update_slug");
    const box = document.querySelector("#id_update_slug");
    if (!title || !row || !box) {
      return;
    }
    const initial = title.value;
    // Offered only once the title changes; never ticked behind the writer's back.
    row.hidden = true;
    title.addEventListener("input", () => {
      const changed = title.value.trim() !== initial.trim();
      row.hidden = !changed && !box.checked;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".writing-stats").forEach(setup);
    offerNewAddress();
  });
})();
