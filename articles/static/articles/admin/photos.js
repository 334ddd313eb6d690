/* The article form's photo picker (articles/admin/photos.py, ArticlePhotosAdminMixin).
 *
 * Searches the media library (words with or without diacritics), uploads a new photo into
 * it, inserts a photo into the body editor as a figure with its caption, and sets the cover
 * or the social image. A static file: the admin's CSP allows scripts from 'self' only.
 * The server adds the photo's sizes (srcset) when the article is saved.
 */
"use strict";

(function () {
  let bodyEditor = null;

  // django-prose-editor announces each editor it creates.
  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail || {};
    if (textarea && textarea.name === "body") {
      bodyEditor = editor;
    }
  });

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value);
      }
    }
    node.append(...children);
    return node;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function insertIntoBody(html) {
    if (bodyEditor) {
      bodyEditor.chain().focus().insertContent(html).run();
      return true;
    }
    const textarea = document.querySelector("textarea[name=body]");
    if (textarea) {
      textarea.value += html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      return true;
    }
    return false;
  }

  function chooseInSelect(name, photo) {
    const select = document.querySelector(`select[name="${name}"]`);
    if (!select) {
      return false;
    }
    let option = Array.from(select.options).find((o) => o.value === String(photo.id));
    if (!option) {
      option = new Option(photo.label, String(photo.id), true, true);
      select.append(option);
    }
    select.value = String(photo.id);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    } else {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return true;
  }

  function setup(root) {
    const status = element("p", { class: "photo-picker-status", role: "status" });
    const search = element("input", {
      type: "search",
      class: "photo-picker-search",
      placeholder: "Tìm ảnh: gõ có dấu hoặc không dấu",
      "aria-label": "Tìm ảnh trong thư viện",
    });
    const results = element("ul", { class: "photo-picker-results" });
    const more = element("button", { type: "button", class: "button", text: "Xem thêm ảnh" });
    more.hidden = true;

    const file = element("input", {
      type: "file",
      accept: "image/jpeg,image/png,image/webp,image/gif",
      "aria-label": "Tệp ảnh",
      class: "photo-upload-file",
    });
    const alt = element("input", {
      type: "text",
      maxlength: "300",
      class: "photo-upload-alt",
      placeholder: "Mô tả ảnh (bắt buộc)",
      "aria-label": "Mô tả ảnh (alt)",
    });
    const caption = element("input", {
      type: "text",
      class: "photo-upload-caption",
      placeholder: "Chú thích",
      "aria-label": "Chú thích",
    });
    const credit = element("input", {
      type: "text",
      maxlength: "200",
      class: "photo-upload-credit",
      placeholder: "Nguồn ảnh (ví dụ: Minh Khoa)",
      "aria-label": "Nguồn ảnh",
    });
    const upload = element("button", {
      type: "button",
      class: "button photo-upload-button",
      text: "Tải lên và chèn vào bài",
    });
    const uploadBox = element(
      "div",
      { class: "photo-upload" },
      element("strong", { text: "Tải ảnh mới lên thư viện" }),
      file,
      alt,
      caption,
      credit,
      upload,
    );
    root.append(search, results, more, uploadBox, status);

    let nextPage = null;

    function say(text, isError = false) {
      status.textContent = text;
      status.classList.toggle("errornote", isError);
    }

    function photoItem(photo) {
      const insert = element("button", { type: "button", class: "button", text: "Chèn vào bài" });
      insert.addEventListener("click", () => {
        say(insertIntoBody(photo.figure) ? `Đã chèn ảnh “${photo.alt}” vào nội dung.` : "Không tìm thấy ô nội dung.", !bodyEditor);
      });
      const cover = element("button", { type: "button", class: "button", text: "Làm ảnh đại diện" });
      cover.addEventListener("click", () => {
        if (chooseInSelect("cover", photo)) {
          say(`Ảnh đại diện: “${photo.alt}”.`);
        }
      });
      const social = element("button", { type: "button", class: "button", text: "Làm ảnh chia sẻ" });
      social.addEventListener("click", () => {
        if (chooseInSelect("social_image", photo)) {
          say(`Ảnh chia sẻ mạng xã hội: “${photo.alt}”.`);
        }
      });
      const text = [photo.caption, photo.credit ? `Ảnh: ${photo.credit}` : ""].filter(Boolean).join(" · ");
      return element(
        "li",
        { class: "photo-picker-item", "data-photo-id": String(photo.id) },
        element("img", { src: photo.thumb, alt: photo.alt, loading: "lazy" }),
        element("span", { class: "photo-picker-text", text: text || photo.alt }),
        element("span", { class: "photo-picker-actions" }, insert, cover, social),
      );
    }

    async function load(page = null) {
      const url = new URL(root.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", search.value);
      if (page) {
        url.searchParams.set("trang", page);
      }
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) {
        say("Không tải được thư viện ảnh.", true);
        return;
      }
      const data = await response.json();
      if (!page) {
        results.replaceChildren();
      }
      results.append(...data.results.map(photoItem));
      nextPage = data.next;
      more.hidden = !nextPage;
      if (!page && !data.results.length) {
        say(search.value ? "Không có ảnh nào khớp." : "Thư viện chưa có ảnh.");
      } else if (!page) {
        say("");
      }
    }

    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => load(), 300);
    });
    // Enter in the search box must not submit the article form.
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        load();
      }
    });
    more.addEventListener("click", () => load(nextPage));

    upload.addEventListener("click", async () => {
      if (!file.files.length) {
        say("Hãy chọn một tệp ảnh.", true);
        return;
      }
      const data = new FormData();
      data.append("image", file.files[0]);
      data.append("alt_text", alt.value);
      data.append("caption", caption.value);
      data.append("credit", credit.value);
      upload.disabled = true;
      say("Đang tải ảnh lên…");
      try {
        const response = await fetch(root.dataset.uploadUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) {
          const messages = Object.values(answer.errors || {}).flat();
          say(messages.join(" ") || "Không tải được ảnh lên.", true);
          return;
        }
        const photo = answer.photo;
        results.prepend(photoItem(photo));
        insertIntoBody(photo.figure);
        if (!document.querySelector('select[name="cover"]')?.value) {
          chooseInSelect("cover", photo);
        }
        for (const input of [file, alt, caption, credit]) {
          input.value = "";
        }
        say(`Đã tải lên và chèn ảnh “${photo.alt}” vào nội dung.`);
      } catch (error) {
        say("Không tải được ảnh lên (mất kết nối?).", true);
      } finally {
        upload.disabled = false;
      }
    });

    load();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".photo-picker").forEach(setup);
  });
})();
